package org.jaring.node.audit;

import com.google.protobuf.TextFormat;
import java.util.ArrayList;
import java.util.List;
import org.jaring.node.indicator.CanonicalValue;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;
import org.jaring.v1.FederatedLookupResponseOrBuilder;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponseOrBuilder;
import org.jaring.v1.PeerStatus;
import org.jaring.v1.Purpose;
import org.jaring.v1.QueryHits;

/**
 * What the lookup paths record, kept here so that each hook in feature code is one line. The values asked are
 * recorded: they are the evidence of what was asked, and this log is the node's own record. Lookup records are
 * in the write-ahead log before the answer leaves and synced right after ({@link AuditLog#appendWritten}).
 */
public final class AuditHooks {
    private AuditHooks() {
    }

    /** A peer's lookup answered by this node: asker, request, purpose, every value, hits disclosed per value. */
    public static void lookupAnswered(AuditLog audit, String askerNode, PeerLookupRequest request,
                                      List<CanonicalValue> values, PeerLookupResponseOrBuilder response) {
        if (audit == AuditLog.NONE) {
            return;
        }
        List<AuditDetail> d = new ArrayList<>();
        d.add(AuditLog.detail("request_id", request.getRequestId()));
        d.add(AuditLog.detail("purpose", TextFormat.shortDebugString(request.getPurpose())));
        values.forEach(v -> d.add(AuditLog.detail("value", v.type().name() + " " + v.value())));
        int disclosed = 0;
        for (QueryHits q : response.getResultsList()) {
            disclosed += q.getHitsCount();
            d.add(AuditLog.detail("disclosed", q.getQueryIndex() + ": " + q.getHitsCount() + " hits"));
        }
        d.add(AuditLog.detail("disclosed_hits", Integer.toString(disclosed)));
        audit.appendWritten(AuditKind.AUDIT_KIND_LOOKUP_ANSWERED, askerNode, request.getRequestId(), d);
    }

    /** A federated lookup asked by one of this node's analysts: purpose, values, each peer's outcome. */
    public static void lookupAsked(AuditLog audit, String analyst, String requestId, Purpose purpose,
                                   List<CanonicalValue> values, FederatedLookupResponseOrBuilder response,
                                   java.util.Map<String, byte[]> answers) {
        if (audit == AuditLog.NONE) {
            return;
        }
        List<AuditDetail> d = new ArrayList<>();
        d.add(AuditLog.detail("purpose", TextFormat.shortDebugString(purpose)));
        values.forEach(v -> d.add(AuditLog.detail("value", v.type().name() + " " + v.value())));
        for (PeerStatus p : response.getPeersList()) {
            d.add(AuditLog.detail("peer", p.getNodeId() + " " + p.getOutcome().name() + " hits=" + p.getHits()
                    + (p.getDetail().isEmpty() ? "" : " " + p.getDetail())));
        }
        // Each peer's answer as received (its bytes), signature included: verifiable later against the peer's CA.
        answers.forEach((peer, a) -> d.add(AuditLog.detail("answer " + peer, a)));
        audit.appendWritten(AuditKind.AUDIT_KIND_LOOKUP_ASKED, analyst, requestId, d);
    }
}
