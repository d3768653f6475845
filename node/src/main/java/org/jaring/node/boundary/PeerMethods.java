package org.jaring.node.boundary;

import static org.jaring.core.config.PeerMethodKeys.DELIVER_REQUEST;
import static org.jaring.core.config.PeerMethodKeys.DELIVER_TRANSITION;
import static org.jaring.core.config.PeerMethodKeys.FEED;
import static org.jaring.core.config.PeerMethodKeys.GET_REVOCATIONS;
import static org.jaring.core.config.PeerMethodKeys.LOOKUP;
import static org.jaring.core.config.PeerMethodKeys.MAX_SIGHTINGS;
import static org.jaring.core.config.PeerMethodKeys.REPORT_SIGHTINGS;

import com.google.protobuf.MessageLite;
import com.google.protobuf.util.Timestamps;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;
import org.jaring.core.config.PeerBudgets;
import org.jaring.core.failure.Violations;
import org.jaring.core.text.TextRules;
import org.jaring.node.federation.Received;
import org.jaring.node.share.PurposeRules;
import org.jaring.node.share.blind.BlindResponder;
import org.jaring.v1.BlindEvaluateRequest;
import org.jaring.v1.BlindLookupRequest;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.RequestPeerServiceGrpc;
import org.jaring.v1.Sighting;

/**
 * Every method a peer may call, with what one call costs and the caps its fields must respect before any
 * feature code runs. The peer listener refuses to start with a method that has no entry here, so a method added
 * to the wire contract cannot be served unguarded (test {@code PeerBoundaryTest.everyPeerMethodHasARule}).
 * docs/security.md's listener table lists the same entries.
 */
public final class PeerMethods {
    static final int MAX_CASE_HANDLE = 64;
    static final int MAX_NODE_ID = 32;
    static final int MAX_SIGNATURE_BYTES = 256;
    static final int MAX_CERTIFICATE_PEM = 16 * 1024;

    /**
     * One method's entry: its key in {@link PeerBudgets}, how many values a request counts for, and the caps its
     * fields are checked against (violations become INVALID_ARGUMENT naming the field).
     */
    record Rule(String key, int maxValuesPerCall, ToIntFunction<Object> values, BiConsumer<Object, Violations> caps) {}

    private PeerMethods() {}

    /** Full gRPC method name to rule; {@code maxBatchValues} is limits.max_batch_values. */
    static Map<String, Rule> rules(int maxBatchValues) {
        return Map.of(
                PeerServiceGrpc.getLookupMethod().getFullMethodName(),
                        new Rule(
                                LOOKUP,
                                maxBatchValues,
                                m -> message(m, PeerLookupRequest.class).getQueriesCount(),
                                (m, v) -> lookupCaps(message(m, PeerLookupRequest.class), v)),
                // Blind lookups spend the lookup budgets (one value per element or tag); the daily evaluation budget
                // (blind.evaluations_per_day) is counted on top by share.blind.BlindBudget.
                PeerServiceGrpc.getBlindEvaluateMethod().getFullMethodName(),
                        new Rule(
                                LOOKUP,
                                maxBatchValues,
                                m -> message(m, BlindEvaluateRequest.class).getBlindedElementsCount(),
                                (m, v) -> blindEvaluateCaps(message(m, BlindEvaluateRequest.class), v)),
                PeerServiceGrpc.getBlindLookupMethod().getFullMethodName(),
                        new Rule(
                                LOOKUP,
                                maxBatchValues,
                                m -> message(m, BlindLookupRequest.class).getTagsCount(),
                                (m, v) -> blindLookupCaps(message(m, BlindLookupRequest.class), v)),
                PeerServiceGrpc.getFeedMethod().getFullMethodName(), new Rule(FEED, 1, m -> 1, (m, v) -> {}),
                PeerServiceGrpc.getReportSightingsMethod().getFullMethodName(),
                        new Rule(
                                REPORT_SIGHTINGS,
                                MAX_SIGHTINGS,
                                m -> message(m, ReportSightingsRequest.class).getSightingsCount(),
                                (m, v) -> sightingsCaps(message(m, ReportSightingsRequest.class), v)),
                PeerServiceGrpc.getGetRevocationsMethod().getFullMethodName(),
                        new Rule(GET_REVOCATIONS, 1, m -> 1, (m, v) -> {}),
                // A cooperation request's fields are many and typed; CooperationRequests checks every one of them
                // (docs/requests.md) before anything is stored. The boundary bounds the calls and the bytes.
                RequestPeerServiceGrpc.getDeliverRequestMethod().getFullMethodName(),
                        new Rule(DELIVER_REQUEST, 1, m -> 1, (m, v) -> {}),
                RequestPeerServiceGrpc.getDeliverTransitionMethod().getFullMethodName(),
                        new Rule(DELIVER_TRANSITION, 1, m -> 1, (m, v) -> {}));
    }

    private static void lookupCaps(PeerLookupRequest request, Violations v) {
        if (request.getQueriesCount() == 0) {
            v.add("queries", "empty; ask at least one value");
        }
        PurposeRules.check("purpose", request.hasPurpose(), request.getPurpose(), v);
        PurposeRules.checkRequestId("request_id", request.getRequestId(), v);
    }

    private static void blindEvaluateCaps(BlindEvaluateRequest request, Violations v) {
        BlindResponder.checkElements(request.getBlindedElementsList(), v);
        PurposeRules.check("purpose", request.hasPurpose(), request.getPurpose(), v);
        PurposeRules.checkRequestId("request_id", request.getRequestId(), v);
    }

    private static void blindLookupCaps(BlindLookupRequest request, Violations v) {
        BlindResponder.checkTags(request.getTagsList(), v);
        PurposeRules.check("purpose", request.hasPurpose(), request.getPurpose(), v);
        PurposeRules.checkRequestId("request_id", request.getRequestId(), v);
    }

    private static void sightingsCaps(ReportSightingsRequest report, Violations v) {
        if (report.getSightingsCount() == 0) {
            v.add("sightings", "empty; report at least one sighting");
        }
        for (int i = 0; i < report.getSightingsCount(); i++) {
            Sighting s = report.getSightings(i);
            PurposeRules.checkRequestId("sightings[" + i + "].sighting_id", s.getSightingId(), v);
            TextRules.line("sightings[" + i + "].case_handle", s.getCaseHandle(), MAX_CASE_HANDLE, v);
            if (s.hasSeenAt() && !Timestamps.isValid(s.getSeenAt())) {
                v.add(
                        "sightings[" + i + "].seen_at",
                        "not a valid time (seconds from year 1 to 9999, nanos below 10^9)");
            }
        }
        TextRules.line("origin_node", report.getOriginNode(), MAX_NODE_ID, v);
        TextRules.line("signer_fingerprint", report.getSignerFingerprint(), 64, v);
        if (report.getSignature().size() > MAX_SIGNATURE_BYTES) {
            v.add("signature", "longer than " + MAX_SIGNATURE_BYTES + " bytes");
        }
        if (report.getSignerCertificatePem().length() > MAX_CERTIFICATE_PEM) {
            v.add("signer_certificate_pem", "longer than " + MAX_CERTIFICATE_PEM + " characters");
        }
    }

    /** The request as parsed: signed methods hand the boundary a {@link Received} with the bytes it came in. */
    static <T> T message(Object request, Class<T> type) {
        Object m = request instanceof Received<?> r ? r.message() : request;
        return type.cast(m);
    }

    /** Bytes the request took on the wire. */
    static int bytes(Object request) {
        if (request instanceof Received<?> r) {
            return r.bytes().length;
        }
        return request instanceof MessageLite m ? m.getSerializedSize() : 0;
    }
}
