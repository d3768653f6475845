package org.jaring.node.sighting;

import com.google.protobuf.util.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.jaring.node.cases.CaseService;
import org.jaring.node.failure.ConflictException;
import org.jaring.node.failure.Violations;
import org.jaring.node.federation.PeerChannels;
import org.jaring.node.indicator.CanonicalValue;
import org.jaring.node.share.Asker;
import org.jaring.node.share.PurposeRules;
import org.jaring.node.store.IndicatorTable;
import org.jaring.node.store.OutboxTable;
import org.jaring.node.store.SightingTable;
import org.jaring.v1.ListSightingsRequest;
import org.jaring.v1.ListSightingsResponse;
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

    private final CaseService cases;
    private final IndicatorTable indicators;
    private final SightingTable received;
    private final OutboxTable outbox;
    private final PeerChannels peers;
    private final boolean accept;
    private final Clock clock;

    public SightingService(CaseService cases, IndicatorTable indicators, SightingTable received, OutboxTable outbox,
                           PeerChannels peers, boolean accept, Clock clock) {
        this.cases = cases;
        this.indicators = indicators;
        this.received = received;
        this.outbox = outbox;
        this.peers = peers;
        this.accept = accept;
        this.clock = clock;
    }

    // --- evidence (issue 7): reports and acknowledgements are signed, checked and recorded ---
    private String nodeId;
    private org.jaring.node.audit.NodeSigner signer;
    private java.util.function.Supplier<org.jaring.node.trust.TrustSnapshot> trust;
    private org.jaring.node.audit.AuditLog audit = org.jaring.node.audit.AuditLog.NONE;

    /**
     * Signs the reports this node sends and the acknowledgements it gives with {@code nodeKeys}, refuses reports
     * and acknowledgements whose signature does not verify against the peer's pinned CA, and records both
     * directions in {@code log}.
     */
    public SightingService evidence(String ownNodeId, org.jaring.node.trust.KeySource nodeKeys,
                                    java.util.function.Supplier<org.jaring.node.trust.TrustSnapshot> pinned,
                                    org.jaring.node.audit.AuditLog log) {
        this.nodeId = ownNodeId;
        this.signer = nodeKeys == null ? null : new org.jaring.node.audit.NodeSigner(nodeKeys);
        this.trust = pinned;
        this.audit = log;
        return this;
    }

    /** Null when the origin's acknowledgement of {@code report} is acceptable; it is recorded either way. */
    private String checkAcknowledgement(String origin, ReportSightingsRequest report, ReportSightingsResponse ack) {
        String refused = trust == null ? null
                : org.jaring.node.audit.SignedSightings.check(trust.get(), origin, report, ack);
        org.jaring.node.audit.ExchangeEvidence.sightingsReported(audit, origin, report, ack, refused);
        return refused;
    }

    /** Refuses (PERMISSION_DENIED) a report that is not signed by {@code asker} for this node; records it. */
    private void checkReport(Asker asker, ReportSightingsRequest report) {
        String refused = trust == null ? null
                : org.jaring.node.audit.SignedSightings.check(trust.get(), asker.nodeId(), nodeId, report);
        if (refused != null) {
            org.jaring.node.audit.ExchangeEvidence.sightingsReceived(audit, asker.nodeId(), report, refused, 0);
            throw new org.jaring.node.failure.PermissionDeniedException("this node refused the sightings report: " + refused);
        }
    }
    // --- end evidence ---

    public ReportSightingResponse report(ReportSightingRequest request) {
        Violations v = new Violations();
        if (!peers.peerIds().contains(request.getOriginNode())) {
            v.add("origin_node", "'" + request.getOriginNode() + "' is not a trusted peer of this node");
        }
        if (request.getKind() == SightingKind.SIGHTING_KIND_UNSPECIFIED || request.getKind() == SightingKind.UNRECOGNIZED) {
            v.add("kind", "give SEEN or FALSE_POSITIVE");
        }
        if (!request.hasValue()) {
            v.add("value", "missing");
        }
        v.throwIfAny();
        CanonicalValue value = cases.canonicalQueries("value", List.of(request.getValue())).get(0);
        Sighting sighting = Sighting.newBuilder().setSightingId(UUID.randomUUID().toString())
                .setType(value.type()).setValue(value.value()).setKind(request.getKind())
                .setSeenAt(Timestamps.fromMillis(clock.millis())).setCaseHandle(request.getCaseHandle()).build();
        outbox.add(request.getOriginNode(), sighting);
        boolean delivered = deliverPending() > 0 && outbox.pending(Integer.MAX_VALUE).stream()
                .noneMatch(e -> e.sighting().getSightingId().equals(sighting.getSightingId()));
        return ReportSightingResponse.newBuilder().setSightingId(sighting.getSightingId()).setDelivered(delivered).build();
    }

    /**
     * Sends what waits in the outbox, per destination in queue order; stops at a destination's first failure
     * so that its messages are never delivered out of order. Returns how many were delivered.
     */
    public synchronized int deliverPending() {
        Map<String, List<OutboxTable.Entry>> byDestination = new LinkedHashMap<>();
        for (OutboxTable.Entry e : outbox.pending(10_000)) {
            byDestination.computeIfAbsent(e.destination(), d -> new ArrayList<>()).add(e);
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
                ReportSightingsRequest.Builder unsigned = ReportSightingsRequest.newBuilder();
                chunk.forEach(e -> unsigned.addSightings(e.sighting()));
                ReportSightingsRequest request = org.jaring.node.audit.SignedSightings.sign(signer, d.getKey(), unsigned);
                try {
                    ReportSightingsResponse ack = stub.withDeadlineAfter(5, TimeUnit.SECONDS).reportSightings(request).get();
                    // An acknowledgement that does not verify is no receipt: the sightings stay queued (resending
                    // is harmless, the origin counts each sighting_id once).
                    String refused = checkAcknowledgement(d.getKey(), request, ack);
                    if (refused != null) {
                        LOG.warning("refused " + d.getKey() + "'s acknowledgement of sightings: " + refused);
                        break;
                    }
                } catch (Exception failure) {
                    LOG.fine(() -> "sightings for " + d.getKey() + " wait in the outbox: " + failure.getMessage());
                    break;
                }
                outbox.delivered(chunk);
                delivered += chunk.size();
            }
        }
        return delivered;
    }

    public ReportSightingsResponse receive(Asker asker, ReportSightingsRequest request) {
        if (!accept) {
            throw new ConflictException("this node does not accept sightings (sightings.accept: false)");
        }
        checkReport(asker, request);
        Violations v = new Violations();
        List<Sighting> ours = new ArrayList<>();
        for (int i = 0; i < request.getSightingsCount(); i++) {
            Sighting s = request.getSightings(i);
            PurposeRules.checkRequestId("sightings[" + i + "].sighting_id", s.getSightingId(), v);
            CanonicalValue value = cases.canonicalQueries("sightings[" + i + "]",
                    List.of(org.jaring.v1.LookupQuery.newBuilder().setType(s.getType()).setValue(s.getValue()).build())).get(0);
            // Count only what this node holds: a peer cannot fill our records with arbitrary values.
            if (!indicators.lookup(List.of(value), clock.instant()).get(0).isEmpty()) {
                ours.add(s.toBuilder().setType(value.type()).setValue(value.value())
                        .setReportingNode(asker.nodeId()).build());
            }
        }
        v.throwIfAny();
        int accepted = received.record(ours, Timestamps.fromMillis(clock.millis()));
        org.jaring.node.audit.ExchangeEvidence.sightingsReceived(audit, asker.nodeId(), request, null, accepted);
        return org.jaring.node.audit.SignedSightings.sign(signer, request,
                ReportSightingsResponse.newBuilder().setAccepted(accepted));
    }

    public ListSightingsResponse list(ListSightingsRequest request) {
        CanonicalValue value = cases.canonicalQueries("value", List.of(request.getValue())).get(0);
        return ListSightingsResponse.newBuilder().addAllSummaries(received.summaries(value)).build();
    }
}
