package org.jaring.node.audit;

import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.core.trust.TrustDecision;
import org.jaring.core.trust.TrustDecisionListener;
import org.jaring.v1.AuditKind;

/**
 * Trust decisions into the audit log: one record per accepted TLS handshake (not per call: the interceptor
 * accepts every call again, which would flood the log; and no renegotiation, so one per connection), every
 * refused call, and refused handshakes through {@link RefusedHandshakes}, which bounds them per interval.
 */
public final class AuditTrustListener implements TrustDecisionListener {
    private static final Logger LOG = Logger.getLogger(AuditTrustListener.class.getName());
    private final AuditLog audit;
    private final RefusedHandshakes refusedHandshakes;

    public AuditTrustListener(AuditLog audit, RefusedHandshakes refusedHandshakes) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.refusedHandshakes = Objects.requireNonNull(refusedHandshakes, "refusedHandshakes");
    }

    @Override
    public void onDecision(TrustDecision d) {
        if (d.accepted() && d.stage() != TrustDecision.Stage.HANDSHAKE) {
            return;
        }
        if (!d.accepted() && d.stage() == TrustDecision.Stage.HANDSHAKE) {
            refusedHandshakes.refused(d);
            return;
        }
        try {
            audit.appendNoWait(
                    d.accepted() ? AuditKind.AUDIT_KIND_CONNECTION_ACCEPTED : AuditKind.AUDIT_KIND_CONNECTION_REFUSED,
                    d.claimedIdentity() == null ? "" : d.claimedIdentity(),
                    d.fingerprint() == null ? "" : d.fingerprint(),
                    AuditLog.details(
                            "listener",
                            d.listener(),
                            "stage",
                            d.stage().name(),
                            "reason",
                            d.reason().name(),
                            "detail",
                            d.detail()));
        } catch (RuntimeException e) {
            // A listener must not throw inside a handshake; a failed audit write stops the log and is logged.
            LOG.log(Level.WARNING, "cannot audit a trust decision: " + e.getMessage());
        }
    }

    /** The identity a refused certificate claimed, as a record may hold it: printable, capped, or empty. */
    static String claimed(TrustDecision d) {
        return RefusedHandshakes.printable(d.claimedIdentity());
    }
}
