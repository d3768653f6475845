package org.jaring.node.cases;

import java.util.ArrayList;
import java.util.List;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.node.audit.AuditLog;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;
import org.jaring.v1.Indicator;

/**
 * Who changed which case data (kind CASE_CHANGE, docs/audit.md): the actor is the identity URI from the caller's
 * verified certificate, the certificate's fingerprint is kept beside it, so a record names a person and the
 * credential they used, never only what a request claimed.
 */
final class CaseAudit {
    private CaseAudit() {}

    /** Synced before it returns: for case writes and withdrawals, which are rare and must never be lost. */
    static void record(AuditLog audit, PeerIdentity caller, String caseId, String action, AuditDetail... more) {
        audit.append(AuditKind.AUDIT_KIND_CASE_CHANGE, caller.uri().uri(), caseId, details(caller, action, more));
    }

    /**
     * In the write-ahead log before it returns, for indicator batches: the batch is written to the same WAL
     * right after, and the sync that acknowledges the batch covers its record too.
     */
    static void recordWritten(
            AuditLog audit, PeerIdentity caller, String caseId, String action, List<Indicator> indicators) {
        StringBuilder values = new StringBuilder(indicators.size() * 48);
        for (Indicator i : indicators) {
            values.append(values.isEmpty() ? "" : "\n")
                    .append(i.getType().name())
                    .append(' ')
                    .append(i.getValue());
        }
        audit.appendWritten(
                AuditKind.AUDIT_KIND_CASE_CHANGE,
                caller.uri().uri(),
                caseId,
                details(
                        caller,
                        action,
                        AuditLog.detail("count", Integer.toString(indicators.size())),
                        AuditLog.detail("values", values.toString())));
    }

    private static List<AuditDetail> details(PeerIdentity caller, String action, AuditDetail... more) {
        List<AuditDetail> d = new ArrayList<>(2 + more.length);
        d.add(AuditLog.detail("action", action));
        d.add(AuditLog.detail("certificate", caller.fingerprintSha256()));
        d.addAll(List.of(more));
        return d;
    }
}
