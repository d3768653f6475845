package org.jaring.node.share;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jaring.core.failure.Violations;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.node.audit.AuditHooks;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.cases.CaseService;
import org.jaring.node.ops.LookupMetrics;
import org.jaring.node.signing.AnswerSealer;
import org.jaring.node.signing.AnswerSigner;
import org.jaring.node.signing.SignedResponses;
import org.jaring.node.store.DisclosureTable;
import org.jaring.node.store.IndicatorTable;
import org.jaring.v1.Case;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.Disclosure;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.Purpose;
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
    /** Counts lookups, matched values and disclosed hits per asking peer. */
    private final LookupMetrics metrics;
    /** Records every answered lookup (asker, purpose, values, disclosed hits). */
    private final AuditLog audit;
    /** Puts the answer on the wire: signed with the node key ({@link AnswerSigner}) and bound to the request's hash. */
    private final AnswerSealer seal;

    /**
     * {@code audit} and {@code seal} are required: the node answers no lookup unrecorded, and the node builds this
     * with its {@link AnswerSigner}, so no lookup unsigned.
     */
    public PeerLookupResponder(
            String nodeId,
            CaseService cases,
            IndicatorTable indicators,
            DisclosureTable disclosures,
            ContactPoint contact,
            Clock clock,
            LookupMetrics metrics,
            AuditLog audit,
            AnswerSealer seal) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.cases = Objects.requireNonNull(cases, "cases");
        this.indicators = Objects.requireNonNull(indicators, "indicators");
        this.disclosures = Objects.requireNonNull(disclosures, "disclosures");
        this.contact = Objects.requireNonNull(contact, "contact");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.seal = Objects.requireNonNull(seal, "seal");
    }

    /**
     * The same responder on the same data, answering through {@code otherSeal} and recording in {@code otherAudit}:
     * how {@code jaring-bench --only signing} prices signing and audit against its own unsigned, discarding
     * collaborators in one run. Nothing in the node calls it; both arguments are required like the constructor's.
     */
    public PeerLookupResponder sealedWith(AnswerSealer otherSeal, AuditLog otherAudit) {
        return new PeerLookupResponder(
                nodeId, cases, indicators, disclosures, contact, clock, metrics, otherAudit, otherSeal);
    }

    /**
     * The answer to {@code request} as it is sent: serialized and signed (SignedWire). The bytes go to the wire as
     * they are, so the answer is encoded once.
     */
    public byte[] answer(Asker asker, PeerLookupRequest request) {
        return answer(asker, request, SignedResponses.requestHash(request));
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
        int[] positions = new int[values.size()];
        for (int q = 0; q < positions.length; q++) {
            positions[q] = q;
        }
        PeerLookupResponse.Builder response = PeerLookupResponse.newBuilder();
        List<Disclosure> record =
                respond(asker, request.getPurpose(), request.getRequestId(), values, positions, response);
        AuditHooks.lookupAnswered(audit, asker.nodeId(), request, values, response);
        metrics.peerLookup(
                asker.nodeId(),
                values.size(),
                record.size(),
                record.stream().mapToInt(Disclosure::getDisclosedHits).sum());
        return seal.seal(requestHash, response);
    }

    /**
     * A blind lookup's answer (docs/blind-lookup.md), through the same path as {@link #answer}: {@code values} are the
     * values whose tags matched the epoch's tag index (one for every asker), {@code positions} their tags' positions
     * in the request (the answer's query_index). The policy is checked here for this asker, on the records as they
     * are now; the index only narrows which values are looked at.
     */
    public byte[] answerBlind(
            Asker asker,
            Purpose purpose,
            String requestId,
            int tags,
            List<CanonicalValue> values,
            int[] positions,
            byte[] requestHash) {
        Violations v = new Violations();
        PurposeRules.check("purpose", true, purpose, v);
        PurposeRules.checkRequestId("request_id", requestId, v);
        v.throwIfAny();
        PeerLookupResponse.Builder response = PeerLookupResponse.newBuilder();
        List<Disclosure> record = respond(asker, purpose, requestId, values, positions, response);
        AuditHooks.blindLookupAnswered(audit, asker.nodeId(), requestId, purpose, tags, values, positions, response);
        metrics.peerLookup(
                asker.nodeId(),
                tags,
                record.size(),
                record.stream().mapToInt(Disclosure::getDisclosedHits).sum());
        return seal.seal(requestHash, response);
    }

    /**
     * Whether {@code asker} may be answered about {@code indicator}: the one predicate of the lookup path, also the
     * one every blind lookup's matched values are answered through.
     */
    public static boolean mayAnswer(Indicator indicator, Case owningCase, Asker asker) {
        return owningCase != null
                && SharingPolicy.mayDisclose(SharingPolicy.effectiveHandling(indicator, owningCase), asker);
    }

    /**
     * Whether some peer may be answered about {@code indicator}: what the blind tag index holds (one index for every
     * asker; {@link #mayAnswer} decides for each asker when it asks).
     */
    public static boolean mayAnswerSomePeer(Indicator indicator, Case owningCase) {
        return owningCase != null
                && SharingPolicy.mayDiscloseToSomePeer(SharingPolicy.effectiveHandling(indicator, owningCase));
    }

    /** Fills {@code response} with the hits {@code asker} may see and records each matched value as a disclosure. */
    private List<Disclosure> respond(
            Asker asker,
            Purpose purpose,
            String requestId,
            List<CanonicalValue> values,
            int[] positions,
            PeerLookupResponse.Builder response) {
        List<List<Indicator>> found = indicators.lookup(values, clock.instant());
        Timestamp now = Timestamps.fromMillis(clock.millis());
        List<Disclosure> record = new ArrayList<>();
        for (int q = 0; q < values.size(); q++) {
            List<Indicator> records = found.get(q);
            if (records.isEmpty()) {
                continue;
            }
            QueryHits.Builder hits = QueryHits.newBuilder().setQueryIndex(positions[q]);
            Set<String> matched = new LinkedHashSet<>();
            for (Indicator indicator : records) {
                matched.add(indicator.getCaseId());
                Case owningCase = cases.findCase(indicator.getCaseId()).orElse(null);
                if (mayAnswer(indicator, owningCase, asker)) {
                    Handling handling = SharingPolicy.effectiveHandling(indicator, owningCase);
                    hits.addHits(Hits.of(nodeId, indicator, owningCase, handling, contact));
                }
            }
            if (hits.getHitsCount() > 0) {
                response.addResults(hits);
            }
            record.add(Disclosure.newBuilder()
                    .setRequestId(requestId)
                    .setAskedAt(now)
                    .setAskingNode(asker.nodeId())
                    .setPurpose(purpose)
                    .setType(values.get(q).type())
                    .setValue(values.get(q).value())
                    .addAllMatchedCases(matched)
                    .setDisclosedHits(hits.getHitsCount())
                    .build());
        }
        disclosures.record(record);
        return record;
    }
}
