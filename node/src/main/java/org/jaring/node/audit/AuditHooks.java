package org.jaring.node.audit;

import com.google.protobuf.TextFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jaring.core.indicator.CanonicalValue;
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
 *
 * <p>The values asked and the hits disclosed per query are one detail each, a line per value or query (canonical
 * values hold no control characters, so a line is a value). As one detail per value, a lookup of 1,000 values
 * made records of 2,000 details, whose building and encoding was most of what the audit added to it.
 */
public final class AuditHooks {
    private static final ConcurrentHashMap<Purpose, String> PURPOSES = new ConcurrentHashMap<>();

    private AuditHooks() {}

    /** A peer's lookup answered by this node: asker, request, purpose, every value, hits disclosed per value. */
    public static void lookupAnswered(
            AuditLog audit,
            String askerNode,
            PeerLookupRequest request,
            List<CanonicalValue> values,
            PeerLookupResponseOrBuilder response) {
        if (!audit.keepsRecords()) {
            return;
        }
        List<AuditDetail> d = new ArrayList<>();
        d.add(AuditLog.detail("request_id", request.getRequestId()));
        d.add(AuditLog.detail("purpose", purposeText(request.getPurpose())));
        d.add(AuditLog.detail("values", lines(values)));
        int disclosed = 0;
        StringBuilder perQuery = new StringBuilder();
        for (QueryHits q : response.getResultsList()) {
            disclosed += q.getHitsCount();
            perQuery.append(perQuery.isEmpty() ? "" : "\n")
                    .append(q.getQueryIndex())
                    .append(": ")
                    .append(q.getHitsCount())
                    .append(" hits");
        }
        d.add(AuditLog.detail("disclosed", perQuery.toString()));
        d.add(AuditLog.detail("disclosed_hits", Integer.toString(disclosed)));
        audit.appendWritten(AuditKind.AUDIT_KIND_LOOKUP_ANSWERED, askerNode, request.getRequestId(), d);
    }

    /**
     * A peer's blinded elements evaluated: asker, request, purpose, counts and key epoch. No value: this node never
     * sees the values behind the elements (docs/blind-lookup.md).
     */
    public static void blindEvaluated(
            AuditLog audit,
            String askerNode,
            String requestId,
            Purpose purpose,
            int elements,
            long epoch,
            long usedToday) {
        if (!audit.keepsRecords()) {
            return;
        }
        audit.appendWritten(
                AuditKind.AUDIT_KIND_BLIND_EVALUATED,
                askerNode,
                requestId,
                List.of(
                        AuditLog.detail("request_id", requestId),
                        AuditLog.detail("purpose", purposeText(purpose)),
                        AuditLog.detail("elements", Integer.toString(elements)),
                        AuditLog.detail("key_epoch", Long.toString(epoch)),
                        AuditLog.detail("evaluations_today", Long.toString(usedToday))));
    }

    /**
     * A peer's blind lookup answered: how many tags, and the values of only those tags that matched an indicator
     * this node holds (each as {@code position TYPE value}), with the hits disclosed per position.
     */
    public static void blindLookupAnswered(
            AuditLog audit,
            String askerNode,
            String requestId,
            Purpose purpose,
            int tags,
            List<CanonicalValue> matched,
            int[] positions,
            PeerLookupResponseOrBuilder response) {
        if (!audit.keepsRecords()) {
            return;
        }
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < matched.size(); i++) {
            values.append(values.isEmpty() ? "" : "\n")
                    .append(positions[i])
                    .append(": ")
                    .append(matched.get(i).type().name())
                    .append(' ')
                    .append(matched.get(i).value());
        }
        int disclosed = 0;
        for (QueryHits q : response.getResultsList()) {
            disclosed += q.getHitsCount();
        }
        audit.appendWritten(
                AuditKind.AUDIT_KIND_BLIND_LOOKUP_ANSWERED,
                askerNode,
                requestId,
                List.of(
                        AuditLog.detail("request_id", requestId),
                        AuditLog.detail("purpose", purposeText(purpose)),
                        AuditLog.detail("tags", Integer.toString(tags)),
                        AuditLog.detail("matched_values", values.toString()),
                        AuditLog.detail("disclosed_hits", Integer.toString(disclosed))));
    }

    /** One line per value, in the order asked: {@code TYPE value}, canonical. */
    private static String lines(List<CanonicalValue> values) {
        StringBuilder out = new StringBuilder(values.size() * 48);
        for (CanonicalValue v : values) {
            out.append(out.isEmpty() ? "" : "\n")
                    .append(v.type().name())
                    .append(' ')
                    .append(v.value());
        }
        return out.toString();
    }

    /**
     * The purpose in protobuf's text form. An analyst's lookups repeat the same purpose, and the text form is
     * built by reflection (a quarter to a third of a lookup record's cost in the profile), so recent ones are kept.
     */
    private static String purposeText(Purpose purpose) {
        String text = PURPOSES.get(purpose);
        if (text == null) {
            text = TextFormat.shortDebugString(purpose);
            if (PURPOSES.size() >= 1024) {
                PURPOSES.clear();
            }
            PURPOSES.put(purpose, text);
        }
        return text;
    }

    /**
     * A federated lookup about to be sent: who asks what, why and of which peers, recorded before any value leaves
     * this node (kind {@code DISCLOSURE}: the asking node discloses these values to those peers). The outcomes and
     * answers follow in {@link #lookupAsked}, under the same request ID. Throws when the record cannot be written,
     * and then nothing is sent.
     */
    public static void lookupSending(
            AuditLog audit,
            String analyst,
            String requestId,
            Purpose purpose,
            List<CanonicalValue> values,
            List<String> peers,
            byte[] requestHash) {
        if (!audit.keepsRecords()) {
            return;
        }
        List<AuditDetail> d = new ArrayList<>();
        d.add(AuditLog.detail("purpose", purposeText(purpose)));
        d.add(AuditLog.detail("values", lines(values)));
        d.add(AuditLog.detail("to", String.join("\n", peers)));
        d.add(AuditLog.detail("request_hash", AuditCrypto.hex(requestHash)));
        audit.appendWritten(AuditKind.AUDIT_KIND_DISCLOSURE, analyst, requestId, d);
    }

    /** A federated lookup asked by one of this node's analysts: purpose, values, each peer's outcome. */
    public static void lookupAsked(
            AuditLog audit,
            String analyst,
            String requestId,
            Purpose purpose,
            List<CanonicalValue> values,
            FederatedLookupResponseOrBuilder response,
            Map<String, byte[]> answers) {
        if (!audit.keepsRecords()) {
            return;
        }
        List<AuditDetail> d = new ArrayList<>();
        d.add(AuditLog.detail("purpose", purposeText(purpose)));
        d.add(AuditLog.detail("values", lines(values)));
        for (PeerStatus p : response.getPeersList()) {
            d.add(AuditLog.detail(
                    "peer",
                    p.getNodeId() + " " + p.getOutcome().name() + " hits=" + p.getHits()
                            + (p.getDetail().isEmpty() ? "" : " " + p.getDetail())));
        }
        // Each peer's answer as received (its bytes), signature included: verifiable later against the peer's CA.
        answers.forEach((peer, a) -> d.add(AuditLog.detail("answer " + peer, a)));
        audit.appendWritten(AuditKind.AUDIT_KIND_LOOKUP_ASKED, analyst, requestId, d);
    }
}
