package org.jaring.node.sighting;

import com.google.protobuf.util.Timestamps;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.jaring.core.failure.ConflictException;
import org.jaring.core.failure.PermissionDeniedException;
import org.jaring.core.failure.Violations;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.text.SafeText;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.audit.ExchangeEvidence;
import org.jaring.node.cases.CaseService;
import org.jaring.node.federation.PeerChannels;
import org.jaring.node.federation.Received;
import org.jaring.node.share.Asker;
import org.jaring.node.share.PurposeRules;
import org.jaring.node.share.SharingPolicy;
import org.jaring.node.signing.NodeSigner;
import org.jaring.node.signing.SignedSightings;
import org.jaring.node.store.IndicatorTable;
import org.jaring.node.store.OutboxTable;
import org.jaring.node.store.SightingTable;
import org.jaring.v1.Case;
import org.jaring.v1.Indicator;
import org.jaring.v1.ListSightingsRequest;
import org.jaring.v1.ListSightingsResponse;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.ReportSightingRequest;
import org.jaring.v1.ReportSightingResponse;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.ReportSightingsResponse;
import org.jaring.v1.Sighting;
import org.jaring.v1.SightingKind;

/**
 * Sightings both ways. Outgoing: an analyst's report is queued in the outbox (synced) and then sent to the
 * origin; if the origin is down it waits and is sent, in order, when it is back. Incoming: counted per
 * reporting country, each sighting_id once, only for values this node holds, and only if this node
 * accepts sightings at all.
 */
public final class SightingService {
    private static final Logger LOG = Logger.getLogger(SightingService.class.getName());
    private static final int MAX_BATCH = 500;
    /** ReportSightings as a reporter calls it: the report goes out as signed, the acknowledgement comes with its bytes. */
    private static final MethodDescriptor<byte[], Received<ReportSightingsResponse>> REPORT_AS_SIGNED =
            Received.sendingBytes(PeerServiceGrpc.getReportSightingsMethod(), ReportSightingsResponse.parser());

    private final String nodeId;
    private final CaseService cases;
    private final IndicatorTable indicators;
    private final SightingTable received;
    private final OutboxTable outbox;
    private final PeerChannels peers;
    private final boolean accept;
    /** Signs the reports this node sends and the acknowledgements it gives with the node key. */
    private final NodeSigner signer;
    /**
     * The pinned peer anchors: reports and acknowledgements whose signature does not verify against the peer's
     * are refused.
     */
    private final Supplier<TrustSnapshot> trust;
    /** Records reports and acknowledgements in both directions, refused ones too. */
    private final AuditLog audit;

    private final Clock clock;

    /** {@code signer}, {@code trust} and {@code audit} are required: there are no unsigned or unchecked sightings. */
    public SightingService(
            String nodeId,
            CaseService cases,
            IndicatorTable indicators,
            SightingTable received,
            OutboxTable outbox,
            PeerChannels peers,
            boolean accept,
            NodeSigner signer,
            Supplier<TrustSnapshot> trust,
            AuditLog audit,
            Clock clock) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.cases = Objects.requireNonNull(cases, "cases");
        this.indicators = Objects.requireNonNull(indicators, "indicators");
        this.received = Objects.requireNonNull(received, "received");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.accept = accept;
        this.signer = Objects.requireNonNull(signer, "signer");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Null when the origin's acknowledgement of the report sent as {@code reportWire} is acceptable; recorded either way. */
    private String checkAcknowledgement(
            String origin, ReportSightingsRequest report, byte[] reportWire, Received<ReportSightingsResponse> ack) {
        String refused = SignedSightings.check(trust.get(), origin, reportWire, ack.message(), ack.bytes());
        ExchangeEvidence.sightingsReported(audit, origin, report, reportWire, ack.bytes(), refused);
        return refused;
    }

    /** Refuses (PERMISSION_DENIED) a report that is not signed by {@code asker} for this node; records it. */
    private void checkReport(Asker asker, Received<ReportSightingsRequest> report) {
        String refused = SignedSightings.check(trust.get(), asker.nodeId(), nodeId, report.message(), report.bytes());
        if (refused != null) {
            ExchangeEvidence.sightingsReceived(audit, asker.nodeId(), report.message(), report.bytes(), refused, 0);
            throw new PermissionDeniedException("this node refused the sightings report: " + refused);
        }
    }

    public ReportSightingResponse report(ReportSightingRequest request) {
        Violations v = new Violations();
        if (!peers.peerIds().contains(request.getOriginNode())) {
            v.add("origin_node", "'" + request.getOriginNode() + "' is not a trusted peer of this node");
        }
        if (request.getKind() == SightingKind.SIGHTING_KIND_UNSPECIFIED
                || request.getKind() == SightingKind.UNRECOGNIZED) {
            v.add("kind", "give SEEN or FALSE_POSITIVE");
        }
        if (!request.hasValue()) {
            v.add("value", "missing");
        }
        v.throwIfAny();
        CanonicalValue value =
                cases.canonicalQueries("value", List.of(request.getValue())).get(0);
        Sighting sighting = Sighting.newBuilder()
                .setSightingId(UUID.randomUUID().toString())
                .setType(value.type())
                .setValue(value.value())
                .setKind(request.getKind())
                .setSeenAt(Timestamps.fromMillis(clock.millis()))
                .setCaseHandle(request.getCaseHandle())
                .build();
        outbox.add(request.getOriginNode(), sighting);
        boolean delivered = deliverPending() > 0
                && outbox.pending(Integer.MAX_VALUE).stream()
                        .noneMatch(e -> e.sighting().getSightingId().equals(sighting.getSightingId()));
        return ReportSightingResponse.newBuilder()
                .setSightingId(sighting.getSightingId())
                .setDelivered(delivered)
                .build();
    }

    /**
     * Sends what waits in the outbox, per destination in queue order; stops at a destination's first failure
     * so that its messages are never delivered out of order. Returns how many were delivered.
     */
    public synchronized int deliverPending() {
        Map<String, List<OutboxTable.Entry>> byDestination = new LinkedHashMap<>();
        for (OutboxTable.Entry e : outbox.pending(10_000)) {
            byDestination
                    .computeIfAbsent(e.destination(), d -> new ArrayList<>())
                    .add(e);
        }
        int delivered = 0;
        for (Map.Entry<String, List<OutboxTable.Entry>> d : byDestination.entrySet()) {
            PeerServiceGrpc.PeerServiceFutureStub stub = peers.stub(d.getKey());
            if (stub == null) {
                continue;
            }
            List<OutboxTable.Entry> entries = d.getValue();
            for (int from = 0; from < entries.size(); from += MAX_BATCH) {
                List<OutboxTable.Entry> chunk = entries.subList(from, Math.min(entries.size(), from + MAX_BATCH));
                ReportSightingsRequest.Builder report = ReportSightingsRequest.newBuilder();
                chunk.forEach(e -> report.addSightings(e.sighting()));
                // Sent as the bytes that were signed; the acknowledgement is checked over the bytes it came in.
                byte[] wire = SignedSightings.sign(signer, d.getKey(), report);
                try {
                    Received<ReportSightingsResponse> ack = ClientCalls.futureUnaryCall(
                                    stub.getChannel()
                                            .newCall(
                                                    REPORT_AS_SIGNED,
                                                    stub.getCallOptions().withDeadlineAfter(5, TimeUnit.SECONDS)),
                                    wire)
                            .get();
                    // An acknowledgement that does not verify is no receipt: the sightings stay queued (resending
                    // is harmless, the origin counts each sighting_id once).
                    String refused = checkAcknowledgement(d.getKey(), report.build(), wire, ack);
                    if (refused != null) {
                        LOG.warning("refused " + d.getKey() + "'s acknowledgement of sightings: "
                                + SafeText.quote(refused));
                        break;
                    }
                } catch (Exception failure) {
                    LOG.fine(() -> "sightings for " + d.getKey() + " wait in the outbox: "
                            + SafeText.quote(failure.getMessage()));
                    break;
                }
                outbox.delivered(chunk);
                delivered += chunk.size();
            }
        }
        return delivered;
    }

    /**
     * The origin's side: counts the sightings of its own values that it shares with the reporter, and answers with
     * its signed acknowledgement. The acknowledgement confirms receipt only: {@code accepted} is the number of
     * sightings the report carried, whatever this node holds, shares or had received before, so a report cannot
     * be used to learn whether a value is held here ("held but not for you" and "not held" answer alike). A
     * sighting of a value the reporter was never given is dropped: it could only come from a guess.
     */
    public byte[] receive(Asker asker, Received<ReportSightingsRequest> report) {
        if (!accept) {
            throw new ConflictException("this node does not accept sightings (sightings.accept: false)");
        }
        checkReport(asker, report);
        ReportSightingsRequest request = report.message();
        Violations v = new Violations();
        List<CanonicalValue> values = new ArrayList<>(request.getSightingsCount());
        for (int i = 0; i < request.getSightingsCount(); i++) {
            Sighting s = request.getSightings(i);
            PurposeRules.checkRequestId("sightings[" + i + "].sighting_id", s.getSightingId(), v);
            values.add(cases.canonicalQueries(
                            "sightings[" + i + "]",
                            List.of(LookupQuery.newBuilder()
                                    .setType(s.getType())
                                    .setValue(s.getValue())
                                    .build()))
                    .get(0));
        }
        v.throwIfAny();
        List<List<Indicator>> held = indicators.lookup(values, clock.instant());
        List<Sighting> ours = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (sharedWith(asker, held.get(i))) {
                ours.add(request.getSightings(i).toBuilder()
                        .setType(values.get(i).type())
                        .setValue(values.get(i).value())
                        .setReportingNode(asker.nodeId())
                        .build());
            }
        }
        int recorded = received.record(ours, Timestamps.fromMillis(clock.millis()));
        ExchangeEvidence.sightingsReceived(audit, asker.nodeId(), request, report.bytes(), null, recorded);
        return SignedSightings.sign(
                signer, report.bytes(), ReportSightingsResponse.newBuilder().setAccepted(request.getSightingsCount()));
    }

    /** Whether any of the records held for a value is one the sharing policy discloses to {@code asker}. */
    private boolean sharedWith(Asker asker, List<Indicator> records) {
        for (Indicator record : records) {
            Case owning = cases.findCase(record.getCaseId()).orElse(null);
            if (owning != null && SharingPolicy.mayDisclose(SharingPolicy.effectiveHandling(record, owning), asker)) {
                return true;
            }
        }
        return false;
    }

    public ListSightingsResponse list(ListSightingsRequest request) {
        CanonicalValue value =
                cases.canonicalQueries("value", List.of(request.getValue())).get(0);
        return ListSightingsResponse.newBuilder()
                .addAllSummaries(received.summaries(value))
                .build();
    }
}
