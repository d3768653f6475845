package org.jaring.node.requests;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.core.config.RequestSettings;
import org.jaring.core.failure.ConflictException;
import org.jaring.core.failure.JaringException;
import org.jaring.core.failure.NotFoundException;
import org.jaring.core.failure.PermissionDeniedException;
import org.jaring.core.failure.UnavailableException;
import org.jaring.core.failure.Violations;
import org.jaring.core.text.SafeText;
import org.jaring.core.text.TextRules;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.core.trust.TrustStore;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.federation.PeerChannels;
import org.jaring.node.requests.RequestStateMachine.Side;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.ChangeStateRequest;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.CreateRequestRequest;
import org.jaring.v1.DeliverRequestRequest;
import org.jaring.v1.DeliverRequestResponse;
import org.jaring.v1.DeliverTransitionResponse;
import org.jaring.v1.DeliveryFailure;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.RefusalGround;
import org.jaring.v1.RequestPeerServiceGrpc;
import org.jaring.v1.RequestRecord;
import org.jaring.v1.RequestState;
import org.jaring.v1.RequestType;
import org.jaring.v1.Transition;

/**
 * Cooperation requests on both sides. Every change is a signed transition appended to the request's
 * hash-linked chain, stored together with the message that carries it to the other node (one synced write),
 * then sent; an unreachable peer gets it, in order, when it is back. The receiver keeps each request_id and
 * each (request_id, sequence) once. Nothing is answered automatically: an officer releases each answer.
 */
public final class CooperationRequests {
    private static final Logger LOG = Logger.getLogger(CooperationRequests.class.getName());
    private static final String CLOCK_ACTOR = "clock";

    private final String nodeId;
    private final RequestTable table;
    private final KeySource keys;
    private final TrustStore trust;
    private final PeerChannels peers;
    private final ContactPoint contact;
    private final RequestSettings settings;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final AuditLog audit;
    private final EmergencyAlert emergencyAlert;
    /**
     * One lock per destination: messages to one peer go out in order, and a peer that does not answer (paused,
     * behind a stalled link) holds back only its own messages, never a request to a healthy peer.
     */
    private final ConcurrentHashMap<String, Object> deliverLocks = new ConcurrentHashMap<>();

    public CooperationRequests(
            String nodeId,
            RocksStore store,
            KeySource keys,
            TrustStore trust,
            PeerChannels peers,
            ContactPoint contact,
            RequestSettings settings,
            Clock clock,
            MeterRegistry metrics,
            AuditLog audit) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.table = new RequestTable(Objects.requireNonNull(store, "store"));
        this.keys = Objects.requireNonNull(keys, "keys");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.contact = Objects.requireNonNull(contact, "contact");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.emergencyAlert = new EmergencyAlert(settings.emergencyCommand(), metrics);
    }

    // ---- requesting side ----

    /** Recorded (REQUEST_CHANGE) with the analyst's certificate identity once stored. */
    public RequestRecord create(PeerIdentity caller, CreateRequestRequest call) {
        Objects.requireNonNull(caller, "caller");
        String analyst = caller.principal();
        CooperationRequest in = call.getRequest();
        Violations v = new Violations();
        if (!peers.peerIds().contains(in.getRequestedNode())) {
            v.add(
                    "request.requested_node",
                    SafeText.quote(in.getRequestedNode(), 40) + " is not a trusted peer of this node");
        }
        if (in.getType() == RequestType.REQUEST_TYPE_UNSPECIFIED || in.getType() == RequestType.UNRECOGNIZED) {
            v.add("request.type", "give one of " + String.join(", ", RequestSettings.typeNames()));
        }
        if (in.getLegalBasis() == LegalBasis.LEGAL_BASIS_UNSPECIFIED || in.getLegalBasis() == LegalBasis.UNRECOGNIZED) {
            v.add("request.legal_basis", "required");
        }
        if (in.getSummaryOfFacts().isBlank()) {
            v.add("request.summary_of_facts", "required");
        }
        if (in.getDataSought().isBlank()) {
            v.add("request.data_sought", "required (for spontaneous information: the information given)");
        }
        RequestFields.checkCreate(in, v);
        boolean emergency = in.getEmergency() || in.getType() == RequestType.EMERGENCY_DISCLOSURE;
        if (emergency && in.getEmergencyJustification().isBlank()) {
            v.add("request.emergency_justification", "an emergency request must state the facts showing the emergency");
        }
        Duration deadline = null;
        if (!call.getDeadlineDuration().isEmpty()) {
            try {
                deadline = RequestSettings.parseDuration(call.getDeadlineDuration());
            } catch (IllegalArgumentException e) {
                v.add("deadline_duration", e.getMessage());
            }
        }
        v.throwIfAny();
        if (deadline == null) {
            deadline = settings.deadline(in.getType(), in.getLegalBasis());
            if (emergency) {
                deadline = min(deadline, settings.deadline(RequestType.EMERGENCY_DISCLOSURE, in.getLegalBasis()));
            }
        }
        Instant now = clock.instant();
        CooperationRequest request = in.toBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setRequestingNode(nodeId)
                .setEmergency(emergency)
                .setContactPoint(contact)
                .setAnalyst(analyst)
                .setIssuingAuthority(
                        in.getIssuingAuthority().isBlank()
                                ? contact.getUnit() + " (" + nodeId + ")"
                                : in.getIssuingAuthority())
                .setCreatedAt(Timestamps.fromMillis(now.toEpochMilli()))
                .setDeadline(Timestamps.fromMillis(now.plus(deadline).toEpochMilli()))
                .build();
        Transition sent = RequestSigning.sign(
                Transition.newBuilder()
                        .setRequestId(request.getRequestId())
                        .setSequence(1)
                        .setFromState(RequestState.DRAFT)
                        .setToState(RequestState.SENT)
                        .setActor(analyst)
                        .setActorNode(nodeId)
                        .setTime(Timestamps.fromMillis(now.toEpochMilli()))
                        .setPrevHash(ByteString.copyFrom(RequestSigning.hash(request)))
                        .build(),
                keys);
        RequestRecord record = RequestRecord.newBuilder()
                .setRequest(request)
                .addTransitions(sent)
                .setState(RequestState.SENT)
                .setOutgoing(true)
                .build();
        synchronized (this) {
            table.put(
                    record,
                    request.getRequestedNode(),
                    DeliverRequestRequest.newBuilder()
                            .setRequest(request)
                            .addTransitions(sent)
                            .build());
        }
        RequestAudit.byCaller(audit, caller, request.getRequestedNode(), sent);
        LOG.info(() -> "cooperation request " + request.getRequestId() + " (" + request.getType() + ") to "
                + request.getRequestedNode() + " queued");
        deliverPending(request.getRequestedNode());
        return view(table.get(request.getRequestId()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    // ---- either side ----

    /** Recorded (REQUEST_CHANGE) with the caller's certificate identity once stored. */
    public RequestRecord change(PeerIdentity caller, ChangeStateRequest call) {
        Objects.requireNonNull(caller, "caller");
        String actor = caller.principal();
        Violations fields = new Violations();
        RequestFields.checkChange(call, fields);
        fields.throwIfAny();
        RequestRecord updated;
        synchronized (this) {
            RequestRecord r = existing(call.getRequestId());
            if (r.hasDeliveryFailure()) {
                DeliveryFailure f = r.getDeliveryFailure();
                throw new ConflictException("request " + call.getRequestId() + " can no longer change: " + f.getPeer()
                        + " refused transition " + f.getSequence() + " (" + f.getCode() + ")");
            }
            Side side = r.getOutgoing() ? Side.REQUESTING : Side.REQUESTED;
            RequestState to = call.getToState();
            if (!RequestStateMachine.allowed(r.getState(), to, side)) {
                throw new ConflictException("request " + call.getRequestId() + " is " + r.getState() + "; this node ("
                        + side.name().toLowerCase(Locale.ROOT) + " side) may move it to "
                        + describe(RequestStateMachine.next(r.getState(), side).stream()
                                .filter(s -> s != RequestState.EXPIRED)
                                .toList())
                        + ", not " + to);
            }
            if (to == RequestState.EXPIRED) {
                throw new ConflictException("EXPIRED is set by the clock when the deadline passes");
            }
            Violations v = new Violations();
            if (to == RequestState.REFUSED
                    && (call.getRefusalGround() == RefusalGround.REFUSAL_GROUND_UNSPECIFIED
                            || call.getRefusalGround() == RefusalGround.UNRECOGNIZED)) {
                v.add("refusal_ground", "a refusal needs its ground");
            }
            boolean answering = to == RequestState.FULFILLED || to == RequestState.PARTLY_FULFILLED;
            if (answering && call.getAnswer().isBlank()) {
                v.add("answer", "an officer releases the answer text explicitly");
            }
            if (!answering && !call.getAnswer().isEmpty()) {
                v.add("answer", "only a FULFILLED or PARTLY_FULFILLED transition carries released data");
            }
            Timestamp preservedUntil = null;
            boolean minimumPreservation = false;
            if (answering && r.getRequest().getType() == RequestType.EXPEDITED_PRESERVATION) {
                long minimum = clock.instant()
                        .plus(RequestSettings.MINIMUM_PRESERVATION)
                        .toEpochMilli();
                if (!call.hasPreservedUntil()) {
                    minimumPreservation = true;
                } else if (Timestamps.toMillis(call.getPreservedUntil()) < minimum) {
                    v.add("preserved_until", "preservation lasts at least 60 days (Budapest Convention art. 29(7))");
                } else {
                    preservedUntil = call.getPreservedUntil();
                }
            } else if (call.hasPreservedUntil()) {
                v.add(
                        "preserved_until",
                        "only an answer to an expedited preservation request says how long data are preserved");
            }
            v.throwIfAny();
            Transition.Builder tb = next(r, to, actor);
            if (minimumPreservation) {
                // Counted from the transition's own time, so the record shows exactly the minimum.
                tb.setPreservedUntil(Timestamps.fromMillis(
                        Timestamps.toMillis(tb.getTime()) + RequestSettings.MINIMUM_PRESERVATION.toMillis()));
            } else if (preservedUntil != null) {
                tb.setPreservedUntil(preservedUntil);
            }
            Transition t = tb.setNote(call.getNote())
                    .setRefusalGround(call.getRefusalGround())
                    .setAnswer(call.getAnswer())
                    .setRequestedFileNumber(call.getRequestedFileNumber())
                    .build();
            updated = append(r, RequestSigning.sign(t, keys));
            table.put(updated, other(r), updated.getTransitions(updated.getTransitionsCount() - 1));
            RequestAudit.byCaller(audit, caller, other(r), updated.getTransitions(updated.getTransitionsCount() - 1));
        }
        deliverPending(other(updated));
        return view(table.get(call.getRequestId()));
    }

    private Transition.Builder next(RequestRecord r, RequestState to, String actor) {
        return Transition.newBuilder()
                .setRequestId(r.getRequest().getRequestId())
                .setSequence(r.getTransitionsCount() + 1L)
                .setFromState(r.getState())
                .setToState(to)
                .setActor(actor)
                .setActorNode(nodeId)
                .setTime(Timestamps.fromMillis(clock.millis()))
                .setPrevHash(ByteString.copyFrom(lastHash(r)));
    }

    private static byte[] lastHash(RequestRecord r) {
        return r.getTransitionsCount() == 0
                ? RequestSigning.hash(r.getRequest())
                : RequestSigning.hash(r.getTransitions(r.getTransitionsCount() - 1));
    }

    private static RequestRecord append(RequestRecord r, Transition t) {
        // The envelope stays as signed; the requested authority's file number lives in the transition.
        return r.toBuilder().addTransitions(t).setState(t.getToState()).build();
    }

    private String other(RequestRecord r) {
        return r.getOutgoing()
                ? r.getRequest().getRequestedNode()
                : r.getRequest().getRequestingNode();
    }

    private static String describe(List<RequestState> states) {
        return states.isEmpty() ? "nothing (final state)" : states.toString();
    }

    private RequestRecord existing(String id) {
        RequestRecord r = table.get(id);
        if (r == null) {
            throw new NotFoundException("no cooperation request " + id);
        }
        return r;
    }

    public RequestRecord get(String id) {
        Violations v = new Violations();
        TextRules.uuid("request_id", id, v);
        v.throwIfAny();
        expireDue();
        return view(existing(id));
    }

    /** The newest requests first; {@code limit} is a uint32 on the wire (0: 100), read as unsigned. */
    public List<RequestRecord> list(int limit) {
        long max = limit == 0 ? 100 : Integer.toUnsignedLong(limit);
        expireDue();
        return table.all().stream()
                .sorted(Comparator.comparing((RequestRecord r) ->
                                Timestamps.toMillis(r.getRequest().getCreatedAt()))
                        .reversed())
                .limit(max)
                .map(this::view)
                .toList();
    }

    /** Requests, sent or received, past their deadline and still unanswered (or expired for that reason). */
    public List<RequestRecord> overdue() {
        expireDue();
        return table.all().stream()
                .map(this::view)
                .filter(RequestRecord::getOverdue)
                .sorted(Comparator.comparing(
                        r -> Timestamps.toMillis(r.getRequest().getDeadline())))
                .toList();
    }

    private RequestRecord view(RequestRecord r) {
        boolean late = r.getState() == RequestState.EXPIRED
                || (RequestStateMachine.AWAITING_ANSWER.contains(r.getState())
                        && Timestamps.toMillis(r.getRequest().getDeadline()) < clock.millis());
        Side side = r.getOutgoing() ? Side.REQUESTING : Side.REQUESTED;
        return r.toBuilder()
                .setOverdue(late)
                .clearAllowedNext()
                .addAllAllowedNext(RequestStateMachine.next(r.getState(), side).stream()
                        .filter(s -> s != RequestState.EXPIRED)
                        .toList())
                .build();
    }

    /** The clock's part: an open request of ours whose deadline passed becomes EXPIRED (and the peer is told). */
    public int expireDue() {
        int n = 0;
        synchronized (this) {
            for (RequestRecord r : table.all()) {
                if (r.getOutgoing()
                        && Timestamps.toMillis(r.getRequest().getDeadline()) < clock.millis()
                        && RequestStateMachine.allowed(r.getState(), RequestState.EXPIRED, Side.REQUESTING)) {
                    Transition t = RequestSigning.sign(
                            next(r, RequestState.EXPIRED, CLOCK_ACTOR)
                                    .setNote("deadline passed")
                                    .build(),
                            keys);
                    table.put(append(r, t), other(r), t);
                    RequestAudit.byClock(audit, nodeId, other(r), t);
                    LOG.info(() -> "cooperation request " + r.getRequest().getRequestId() + " expired");
                    n++;
                }
            }
        }
        if (n > 0) {
            deliverPending();
        }
        return n;
    }

    // ---- delivery ----

    /**
     * Sends what waits in the outbox, per destination in queue order, stopping at a destination's first
     * transient failure so nothing arrives out of order. A permanent refusal ({@link PermanentRefusal}) ends that
     * message's delivery: it leaves the outbox, the request records the failure, and later messages of the same
     * request are not sent either. Returns how many messages were delivered.
     */
    public int deliverPending() {
        Set<String> destinations = new LinkedHashSet<>();
        for (RequestTable.Mail m : table.pending()) {
            destinations.add(m.destination());
        }
        int delivered = 0;
        for (String destination : destinations) {
            delivered += deliverPending(destination);
        }
        return delivered;
    }

    /** As {@link #deliverPending()}, for the messages to one destination only. */
    public int deliverPending(String destination) {
        synchronized (deliverLocks.computeIfAbsent(destination, d -> new Object())) {
            int delivered = 0;
            Set<String> blocked = new HashSet<>();
            for (RequestTable.Mail m : table.pending()) {
                if (!m.destination().equals(destination) || blocked.contains(m.destination())) {
                    continue;
                }
                RequestRecord record = table.get(m.requestId());
                if (record != null && record.hasDeliveryFailure()) {
                    LOG.warning("request message " + m.sequence() + " of " + m.requestId() + " for " + m.destination()
                            + " not sent: an earlier message of that request was refused");
                    table.delivered(m, null);
                    continue;
                }
                var stub = peers.stub(m.destination());
                if (stub == null) {
                    blocked.add(m.destination());
                    continue;
                }
                var peer = RequestPeerServiceGrpc.newBlockingStub(stub.getChannel())
                        .withDeadlineAfter(settings.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
                try {
                    if (m.request() != null) {
                        Transition d = peer.deliverRequest(m.request()).getDelivered();
                        synchronized (this) {
                            RequestRecord r = table.get(m.requestId());
                            RequestRecord updated;
                            try {
                                updated = r == null ? null : acceptDelivered(r, d);
                            } catch (JaringException bad) {
                                // The peer stored the request but answered with a DELIVERED transition this node
                                // cannot accept; asking again returns the same one.
                                refused(
                                        m,
                                        "INVALID_ANSWER",
                                        "its DELIVERED transition was refused here: " + bad.getMessage());
                                continue;
                            }
                            table.delivered(m, updated);
                        }
                    } else {
                        peer.deliverTransition(m.transition());
                        table.delivered(m, null);
                    }
                    delivered++;
                } catch (StatusRuntimeException e) {
                    if (PermanentRefusal.isPermanent(e.getStatus().getCode())) {
                        refused(m, e.getStatus().getCode().name(), e.getStatus().getDescription());
                        continue;
                    }
                    LOG.fine(() -> "request messages for " + m.destination() + " wait in the outbox: "
                            + e.getStatus().getCode() + " "
                            + SafeText.quote(e.getStatus().getDescription()));
                    blocked.add(m.destination());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "delivering request message " + m.sequence() + " to " + m.destination(), e);
                    blocked.add(m.destination());
                }
            }
            return delivered;
        }
    }

    /** {@code m} was refused for good: it leaves the outbox and its request keeps why, in one write. */
    private void refused(RequestTable.Mail m, String code, String peerReason) {
        Transition t = m.request() != null ? m.request().getTransitions(0) : m.transition();
        DeliveryFailure failure = PermanentRefusal.failure(
                t.getSequence(), t.getToState(), m.destination(), code, peerReason, clock.instant());
        LOG.warning("request message " + m.sequence() + " (transition " + t.getSequence() + " of " + m.requestId()
                + ") refused by " + m.destination() + " with " + code + ", not sent again: "
                + SafeText.quote(peerReason));
        metrics.counter("jaring.requests.delivery.refused", "to", m.destination())
                .increment();
        synchronized (this) {
            RequestRecord r = table.get(m.requestId());
            table.delivered(
                    m,
                    r == null || r.hasDeliveryFailure()
                            ? null
                            : r.toBuilder().setDeliveryFailure(failure).build());
        }
    }

    private RequestRecord acceptDelivered(RequestRecord r, Transition d) {
        Violations v = new Violations();
        RequestFields.checkTransition("delivered.", d, v);
        v.throwIfAny();
        if (r.getTransitionsList().stream().anyMatch(t -> t.getSequence() == d.getSequence())) {
            return null;
        }
        if (d.getToState() != RequestState.DELIVERED) {
            throw new ConflictException("the answer to a delivered request must be DELIVERED, not " + d.getToState());
        }
        check(r, d, r.getRequest().getRequestedNode());
        return append(r, d);
    }

    // ---- receiving side (peer service) ----

    public DeliverRequestResponse receiveRequest(String caller, DeliverRequestRequest call) {
        // Every field first: until then nothing of the message is looked up, stored or logged.
        Violations v = new Violations();
        RequestFields.size("request", call.getSerializedSize(), v);
        RequestFields.checkEnvelope("request.", call.getRequest(), v);
        if (call.getTransitionsCount() < 1 || call.getTransitionsCount() > RequestFields.NEW_REQUEST_TRANSITIONS) {
            v.add(
                    "transitions",
                    "a new request carries 1 to " + RequestFields.NEW_REQUEST_TRANSITIONS + " transitions");
        } else {
            for (int i = 0; i < call.getTransitionsCount(); i++) {
                RequestFields.checkTransition("transitions[" + i + "].", call.getTransitions(i), v);
            }
        }
        v.throwIfAny();
        CooperationRequest request = call.getRequest();
        if (!caller.equals(request.getRequestingNode())) {
            throw new PermissionDeniedException("a node may only deliver its own requests");
        }
        if (!nodeId.equals(request.getRequestedNode())) {
            throw new ConflictException(
                    "request " + request.getRequestId() + " is addressed to " + request.getRequestedNode());
        }
        Transition delivered;
        synchronized (this) {
            RequestRecord existing = table.get(request.getRequestId());
            if (existing != null) {
                if (!Arrays.equals(RequestSigning.hash(existing.getRequest()), RequestSigning.hash(request))) {
                    throw new ConflictException(
                            "request " + request.getRequestId() + " already exists with other content");
                }
                return DeliverRequestResponse.newBuilder()
                        .setDelivered(existing.getTransitionsList().stream()
                                .filter(t -> t.getToState() == RequestState.DELIVERED)
                                .findFirst()
                                .orElseThrow())
                        .build();
            }
            RequestRecord r = RequestRecord.newBuilder()
                    .setRequest(request)
                    .setState(RequestState.DRAFT)
                    .setOutgoing(false)
                    .build();
            for (Transition t : call.getTransitionsList()) {
                check(r, t, caller);
                r = append(r, t);
            }
            if (r.getState() != RequestState.SENT) {
                throw new ConflictException("a delivered request must be SENT, not " + r.getState());
            }
            delivered =
                    RequestSigning.sign(next(r, RequestState.DELIVERED, nodeId).build(), keys);
            table.put(append(r, delivered), null, null);
            RequestAudit.byPeer(audit, caller, "received request", delivered);
        }
        LOG.info(() -> "cooperation request " + request.getRequestId() + " (" + request.getType() + ") received from "
                + caller);
        if (request.getEmergency() || request.getType() == RequestType.EMERGENCY_DISCLOSURE) {
            emergencyAlert.raise(request);
        }
        return DeliverRequestResponse.newBuilder().setDelivered(delivered).build();
    }

    public DeliverTransitionResponse receiveTransition(String caller, Transition t) {
        Violations v = new Violations();
        RequestFields.size("transition", t.getSerializedSize(), v);
        RequestFields.checkTransition("", t, v);
        v.throwIfAny();
        synchronized (this) {
            RequestRecord r = table.get(t.getRequestId());
            if (r == null || !caller.equals(other(r))) {
                // One answer for "not held" and "held, but between other nodes": a peer learns nothing about
                // requests it is not party to. Permanent: sending it again changes nothing.
                throw new ConflictException("no request " + t.getRequestId() + " with " + caller + " is held here");
            }
            if (t.getSequence() > r.getTransitionsCount() + 1L) {
                if (awaitsOwnDelivered(r, t)) {
                    // We sent this request and crashed before recording the DELIVERED answer; our own outbox
                    // fetches it again, after which this transition fits. Transient, so the sender retries.
                    throw new UnavailableException("transition " + t.getSequence() + " of request " + t.getRequestId()
                            + " arrived before DELIVERED was recorded here; retry later");
                }
                throw new ConflictException("transition " + t.getSequence() + " of request " + t.getRequestId()
                        + " out of order; expected " + (r.getTransitionsCount() + 1));
            }
            if (t.getSequence() <= r.getTransitionsCount()) {
                Transition have = r.getTransitions((int) t.getSequence() - 1);
                if (have.equals(t)) {
                    return DeliverTransitionResponse.getDefaultInstance();
                }
                throw new ConflictException("request " + t.getRequestId() + " already has a different transition "
                        + t.getSequence() + " (" + have.getToState() + ")");
            }
            check(r, t, caller);
            table.put(append(r, t), null, null);
            RequestAudit.byPeer(audit, caller, "received transition", t);
        }
        return DeliverTransitionResponse.getDefaultInstance();
    }

    /**
     * The one legitimate early arrival: this node sent the request, holds only its SENT transition (the DELIVERED
     * answer was lost in a crash, and the outbox still holds the request), and the requested node sends the
     * transition after DELIVERED.
     */
    private static boolean awaitsOwnDelivered(RequestRecord r, Transition t) {
        return r.getOutgoing() && r.getTransitionsCount() == 1 && t.getSequence() == 3;
    }

    /** Checks that {@code t}, made by {@code signer}, extends {@code r} legally and is signed by that node. */
    private void check(RequestRecord r, Transition t, String signer) {
        if (!t.getRequestId().equals(r.getRequest().getRequestId())) {
            throw new ConflictException("transition for another request");
        }
        if (t.getSequence() != r.getTransitionsCount() + 1L) {
            throw new ConflictException(
                    "transition " + t.getSequence() + " out of order; expected " + (r.getTransitionsCount() + 1));
        }
        if (!Arrays.equals(t.getPrevHash().toByteArray(), lastHash(r))) {
            throw new ConflictException("transition " + t.getSequence() + " does not link to the previous one");
        }
        if (t.getFromState() != r.getState()) {
            throw new ConflictException(
                    "request " + t.getRequestId() + " is " + r.getState() + ", not " + t.getFromState());
        }
        if (!signer.equals(t.getActorNode())) {
            throw new PermissionDeniedException("transition signed for " + t.getActorNode() + " sent by " + signer);
        }
        Side side = signer.equals(r.getRequest().getRequestingNode()) ? Side.REQUESTING : Side.REQUESTED;
        if (!RequestStateMachine.allowed(t.getFromState(), t.getToState(), side)) {
            throw new ConflictException("request " + t.getRequestId() + " is " + r.getState() + "; the "
                    + side.name().toLowerCase(Locale.ROOT) + " side may move it to "
                    + describe(RequestStateMachine.next(r.getState(), side)) + ", not " + t.getToState());
        }
        // The one signer rule: the node certificate of the signing peer, by its pinned anchor, valid now, not
        // revoked or blocked. A signer that is no trusted peer has no anchor and is refused.
        String bad = RequestSigning.verify(t, trust.snapshot(), NodeId.of(signer), clock.instant());
        if (bad != null) {
            throw new PermissionDeniedException(
                    "transition " + t.getSequence() + " of " + t.getRequestId() + ": " + bad);
        }
    }
}
