package org.jaring.node.share;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jaring.node.cases.CaseService;
import org.jaring.core.failure.Violations;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.node.store.DisclosureTable;
import org.jaring.node.store.IndicatorTable;
import org.jaring.v1.Case;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.Disclosure;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.QueryHits;

/**
 * Answers a peer's lookup from this node's own indicators, disclosing only what {@link SharingPolicy}
 * allows that peer. A withheld hit is simply absent: the peer cannot tell it from no hit. Every value that
 * matched a local indicator is recorded (asker, purpose, matched cases, hits disclosed) before the answer
 * leaves, whether anything was disclosed or not.
 */
public final class PeerLookupResponder {
    private final String nodeId;
    private final CaseService cases;
    private final IndicatorTable indicators;
    private final DisclosureTable disclosures;
    private final ContactPoint contact;
    private final Clock clock;
    private org.jaring.node.ops.LookupMetrics metrics = org.jaring.node.ops.LookupMetrics.NONE;

    public PeerLookupResponder(String nodeId, CaseService cases, IndicatorTable indicators,
                               DisclosureTable disclosures, ContactPoint contact, Clock clock) {
        this.nodeId = nodeId;
        this.cases = cases;
        this.indicators = indicators;
        this.disclosures = disclosures;
        this.contact = contact;
        this.clock = clock;
    }

    /** Counts lookups, matched values and disclosed hits per asking peer. */
    private org.jaring.node.audit.AuditLog audit = org.jaring.node.audit.AuditLog.NONE;

    public PeerLookupResponder metrics(org.jaring.node.ops.LookupMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    /** Records every answered lookup (asker, purpose, values, disclosed hits) in the audit log. */
    public PeerLookupResponder audit(org.jaring.node.audit.AuditLog audit) {
        this.audit = audit;
        return this;
    }

    private org.jaring.node.audit.AnswerSigner signer;

    /** Signs every answer with the node key, bound to the request's hash. */
    public PeerLookupResponder signWith(org.jaring.core.trust.KeySource keys) {
        this.signer = keys == null ? null : new org.jaring.node.audit.AnswerSigner(keys);
        return this;
    }

    /**
     * The same responder on the same data with neither signing nor audit records: the baseline against which
     * {@code jaring bench --only signing} measures their cost in one run. Nothing in the node serves it and no
     * setting reaches it; the benchmark serves it on its own port.
     */
    public PeerLookupResponder unsignedUnauditedForBenchmark() {
        return new PeerLookupResponder(nodeId, cases, indicators, disclosures, contact, clock)
                .metrics(metrics);
    }

    /**
     * The answer to {@code request} as it is sent: serialized, and signed when the node signs (SignedWire). The
     * bytes go to the wire as they are, so the answer is encoded once.
     */
    public byte[] answer(Asker asker, PeerLookupRequest request) {
        return answer(asker, request, org.jaring.node.audit.SignedResponses.requestHash(request));
    }

    /**
     * As {@link #answer(Asker, PeerLookupRequest)}, the answer bound to {@code requestHash}: the SHA-256 of the
     * request's bytes as they arrived, which is what the asker hashes.
     */
    public byte[] answer(Asker asker, PeerLookupRequest request, byte[] requestHash) {
        // The peer's budgets and the request's caps were applied by the boundary (boundary/PeerBoundary) before
        // this runs; the purpose is checked again here because the answer records it.
        Violations v = new Violations();
        PurposeRules.check("purpose", request.hasPurpose(), request.getPurpose(), v);
        PurposeRules.checkRequestId("request_id", request.getRequestId(), v);
        v.throwIfAny();
        List<CanonicalValue> values = cases.canonicalQueries("queries", request.getQueriesList());
        List<List<Indicator>> found = indicators.lookup(values, clock.instant());

        Timestamp now = Timestamps.fromMillis(clock.millis());
        PeerLookupResponse.Builder response = PeerLookupResponse.newBuilder();
        List<Disclosure> record = new ArrayList<>();
        for (int q = 0; q < values.size(); q++) {
            List<Indicator> records = found.get(q);
            if (records.isEmpty()) {
                continue;
            }
            QueryHits.Builder hits = QueryHits.newBuilder().setQueryIndex(q);
            Set<String> matched = new LinkedHashSet<>();
            for (Indicator indicator : records) {
                matched.add(indicator.getCaseId());
                Case owningCase = cases.findCase(indicator.getCaseId()).orElse(null);
                Handling handling = SharingPolicy.effectiveHandling(indicator, owningCase);
                if (owningCase != null && SharingPolicy.mayDisclose(handling, asker)) {
                    hits.addHits(Hits.of(nodeId, indicator, owningCase, handling, contact));
                }
            }
            if (hits.getHitsCount() > 0) {
                response.addResults(hits);
            }
            record.add(Disclosure.newBuilder()
                    .setRequestId(request.getRequestId())
                    .setAskedAt(now)
                    .setAskingNode(asker.nodeId())
                    .setPurpose(request.getPurpose())
                    .setType(values.get(q).type())
                    .setValue(values.get(q).value())
                    .addAllMatchedCases(matched)
                    .setDisclosedHits(hits.getHitsCount())
                    .build());
        }
        disclosures.record(record);
        org.jaring.node.audit.AuditHooks.lookupAnswered(audit, asker.nodeId(), request, values, response);
        metrics.peerLookup(asker.nodeId(), values.size(), record.size(),
                record.stream().mapToInt(Disclosure::getDisclosedHits).sum());
        return signer == null ? response.build().toByteArray() : signer.sign(requestHash, response);
    }
}
