package org.jaring.node.federation;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jaring.core.failure.Violations;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.node.audit.AuditHooks;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.cases.CaseService;
import org.jaring.node.ops.LookupMetrics;
import org.jaring.node.share.Hits;
import org.jaring.node.share.PurposeRules;
import org.jaring.node.share.SharingPolicy;
import org.jaring.node.signing.AnswerVerifier;
import org.jaring.node.signing.SignedResponses;
import org.jaring.node.store.DisclosureTable;
import org.jaring.node.store.IndicatorTable;
import org.jaring.v1.Case;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.Disclosure;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.FederatedLookupResult;
import org.jaring.v1.Hit;
import org.jaring.v1.Indicator;
import org.jaring.v1.LookupMode;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.PeerStatus;
import org.jaring.v1.Purpose;
import org.jaring.v1.QueryHits;

/**
 * An analyst's question to the region: this node's own store and every selected peer, asked in parallel
 * under one deadline. The answer is always back by the deadline, with each peer's outcome beside the hits.
 */
public final class FederatedLookup {
    private static final Duration MAX_DEADLINE = Duration.ofSeconds(60);

    /** Lookup calls whose answers come with their bytes: checked over them and recorded as received. */
    public static final MethodDescriptor<PeerLookupRequest, Received<PeerLookupResponse>> LOOKUP_KEEPING_BYTES =
            Received.keepingBytes(PeerServiceGrpc.getLookupMethod(), PeerLookupResponse.parser());

    private final String nodeId;
    private final CaseService cases;
    private final IndicatorTable indicators;
    private final DisclosureTable disclosures;
    private final PeerChannels peers;
    private final ContactPoint contact;
    private final Duration defaultDeadline;
    private final Clock clock;
    /**
     * Records every federated lookup asked (analyst, purpose, values, peers, their outcomes and answers) before
     * any value leaves this node, and after.
     */
    private final AuditLog audit;
    /** Checks every peer answer before anything of it is used. */
    private final PeerAnswerCheck answers;
    /** Counts federated lookups, values and hits (local and from peers). */
    private final LookupMetrics metrics;
    /** How peers are asked when the analyst does not say (blind.default_mode). */
    private final LookupMode defaultMode;
    /** For blind lookups: the trust that checks a peer's signed evaluation, and the keys peers answered with. */
    private final Supplier<TrustSnapshot> trust;

    private final AnswerVerifier evaluations;
    private final BlindKeyPins pins;

    /**
     * Every collaborator is required: a lookup built without {@code audit} or {@code answers} would send values
     * unrecorded or pass a peer's answer on unchecked, and {@code trust}, {@code evaluations} and {@code pins} check a peer's
     * signed blind evaluation before any tag is sent. {@code defaultMode} is how peers are asked when a request does not say.
     */
    public FederatedLookup(
            String nodeId,
            CaseService cases,
            IndicatorTable indicators,
            DisclosureTable disclosures,
            PeerChannels peers,
            ContactPoint contact,
            Duration defaultDeadline,
            Clock clock,
            AuditLog audit,
            PeerAnswerCheck answers,
            LookupMetrics metrics,
            LookupMode defaultMode,
            Supplier<TrustSnapshot> trust,
            AnswerVerifier evaluations,
            BlindKeyPins pins) {
        this.pins = Objects.requireNonNull(pins, "pins");
        this.defaultMode = Objects.requireNonNull(defaultMode, "defaultMode");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.evaluations = Objects.requireNonNull(evaluations, "evaluations");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.cases = Objects.requireNonNull(cases, "cases");
        this.indicators = Objects.requireNonNull(indicators, "indicators");
        this.disclosures = Objects.requireNonNull(disclosures, "disclosures");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.contact = Objects.requireNonNull(contact, "contact");
        this.defaultDeadline = Objects.requireNonNull(defaultDeadline, "defaultDeadline");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.answers = Objects.requireNonNull(answers, "answers");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** {@code analyst} is who asked, from their verified certificate; it replaces anything the client sent. */
    public FederatedLookupResponse lookup(FederatedLookupRequest request, String analyst) {
        Violations v = new Violations();
        PurposeRules.check("purpose", request.hasPurpose(), request.getPurpose(), v);
        List<String> targets = targets(request.getPeersList(), v);
        long deadlineMillis =
                request.getDeadlineMillis() == 0 ? defaultDeadline.toMillis() : request.getDeadlineMillis();
        if (deadlineMillis > MAX_DEADLINE.toMillis()) {
            v.add("deadline_millis", deadlineMillis + " is above the maximum of " + MAX_DEADLINE.toMillis());
        }
        LookupMode mode = request.getMode() == LookupMode.LOOKUP_MODE_UNSPECIFIED ? defaultMode : request.getMode();
        if (mode == LookupMode.UNRECOGNIZED) {
            v.add("mode", "unknown value " + request.getModeValue() + "; use PLAIN, BLIND or BLIND_WHERE_SUPPORTED");
        }
        v.throwIfAny();
        List<CanonicalValue> values = cases.canonicalQueries("queries", request.getQueriesList());

        String requestId = UUID.randomUUID().toString();
        Purpose purpose = request.getPurpose().toBuilder().setAnalyst(analyst).build();
        PeerLookupRequest.Builder peerRequest =
                PeerLookupRequest.newBuilder().setPurpose(purpose).setRequestId(requestId);
        for (CanonicalValue value : values) {
            peerRequest.addQueries(
                    LookupQuery.newBuilder().setType(value.type()).setValue(value.value()));
        }

        // Built and hashed once: every peer gets the same request, and its answer must be bound to this hash.
        PeerLookupRequest built = peerRequest.build();
        byte[] requestHash = SignedResponses.requestHash(built);

        // Who asked what, why and of whom is on record before any value leaves this node: the disclosure rows
        // (their hit counts follow with the answers) and the audit record. If either cannot be written the
        // lookup ends here, with nothing sent (fail closed).
        Timestamp askedAt = Timestamps.fromMillis(clock.millis());
        disclosures.record(disclosureRows(requestId, askedAt, purpose, values, null));
        AuditHooks.lookupSending(audit, analyst, requestId, purpose, values, targets, requestHash);

        CountDownLatch done = new CountDownLatch(targets.size());
        List<PeerCall> calls = new ArrayList<>(targets.size());
        for (String peer : targets) {
            PeerCall call = new PeerCall(peer);
            calls.add(call);
            PeerServiceGrpc.PeerServiceFutureStub stub = peers.stub(peer);
            if (stub == null) {
                call.failNow(PeerOutcome.PEER_OUTCOME_UNREACHABLE, "no longer a trusted peer");
                done.countDown();
                continue;
            }
            // Each answer is checked as it arrives, on the thread that received it: the checks of ten peers
            // overlap each other and the wait for the slowest, instead of running one after another at the end.
            var timed = stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
            if (mode != LookupMode.LOOKUP_MODE_PLAIN) {
                BlindCall blind = new BlindCall(peer, timed, trust, evaluations, pins);
                call.mode(blind::mode);
                call.start(
                        blind.start(
                                values,
                                purpose,
                                requestId,
                                mode == LookupMode.LOOKUP_MODE_BLIND_WHERE_SUPPORTED,
                                built,
                                requestHash),
                        answer -> answers.check(peer, blind.requestHash(), values, answer),
                        done);
                continue;
            }
            call.start(
                    ClientCalls.futureUnaryCall(
                            timed.getChannel().newCall(LOOKUP_KEEPING_BYTES, timed.getCallOptions()), built),
                    answer -> answers.check(peer, requestHash, values, answer),
                    done);
        }

        List<List<Hit>> hits = localHits(values);
        awaitQuietly(done, deadlineMillis);

        FederatedLookupResponse.Builder response =
                FederatedLookupResponse.newBuilder().setRequestId(requestId);
        Map<String, byte[]> received = new LinkedHashMap<>();
        int[] fromPeers = new int[values.size()];
        for (PeerCall call : calls) {
            PeerStatus status = call.finish();
            if (call.received() != null) {
                received.put(call.nodeId, call.received()); // recorded as received, refused or not
            }
            PeerLookupResponse answer = call.response(); // null unless it passed every check
            response.addPeers(status);
            if (answer != null) {
                for (QueryHits q : answer.getResultsList()) {
                    int index = q.getQueryIndex(); // in range and answered once: PeerAnswerRules
                    for (Hit hit : q.getHitsList()) {
                        hits.get(index).add(PeerAnswerRules.known(hit));
                    }
                    fromPeers[index] += q.getHitsCount();
                }
            }
        }
        for (int q = 0; q < values.size(); q++) {
            response.addResults(FederatedLookupResult.newBuilder()
                    .setQuery(request.getQueries(q))
                    .setType(values.get(q).type())
                    .setCanonicalValue(values.get(q).value())
                    .setWarninglist(cases.warninglist(values.get(q)).orElse(""))
                    .addAllHits(hits.get(q)));
        }
        // The same keys as the rows written before sending: they now carry the hits the peers disclosed (with
        // none, the rows as written already say so).
        int fromPeersTotal = Arrays.stream(fromPeers).sum();
        if (fromPeersTotal > 0) {
            disclosures.record(disclosureRows(requestId, askedAt, purpose, values, fromPeers));
        }
        AuditHooks.lookupAsked(audit, analyst, requestId, purpose, values, response, received);
        int total = hits.stream().mapToInt(List::size).sum();
        metrics.federatedLookup(values.size(), total - fromPeersTotal, fromPeersTotal);
        return response.build();
    }

    /** One row per value asked; {@code fromPeers} null before the answers, when no hit is counted yet. */
    private List<Disclosure> disclosureRows(
            String requestId, Timestamp askedAt, Purpose purpose, List<CanonicalValue> values, int[] fromPeers) {
        List<Disclosure> rows = new ArrayList<>(values.size());
        for (int q = 0; q < values.size(); q++) {
            rows.add(Disclosure.newBuilder()
                    .setRequestId(requestId)
                    .setAskedAt(askedAt)
                    .setAskingNode(nodeId)
                    .setPurpose(purpose)
                    .setType(values.get(q).type())
                    .setValue(values.get(q).value())
                    .setDisclosedHits(fromPeers == null ? 0 : fromPeers[q])
                    .build());
        }
        return rows;
    }

    private List<String> targets(List<String> requested, Violations v) {
        if (requested.isEmpty()) {
            return peers.peerIds();
        }
        Set<String> known = new LinkedHashSet<>(peers.peerIds());
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String p = requested.get(i);
            if (!known.contains(p)) {
                v.add("peers[" + i + "]", "'" + p + "' is not a trusted peer of this node; see 'jaring trust list'");
            }
            out.add(p);
        }
        return new ArrayList<>(out);
    }

    /** This node's own records as hits. Own analysts see every local record, whatever its handling. */
    private List<List<Hit>> localHits(List<CanonicalValue> values) {
        List<List<Indicator>> found = indicators.lookup(values, clock.instant());
        List<List<Hit>> out = new ArrayList<>(values.size());
        for (List<Indicator> records : found) {
            List<Hit> hits = new ArrayList<>(records.size());
            for (Indicator i : records) {
                Case c = cases.findCase(i.getCaseId()).orElse(null);
                hits.add(Hits.of(nodeId, i, c, SharingPolicy.effectiveHandling(i, c), contact));
            }
            out.add(hits);
        }
        return out;
    }

    /** Waits for every peer, but never past the deadline (plus a moment for answers already arriving). */
    private static void awaitQuietly(CountDownLatch done, long deadlineMillis) {
        try {
            done.await(deadlineMillis + 50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
