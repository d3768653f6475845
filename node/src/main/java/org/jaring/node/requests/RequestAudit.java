package org.jaring.node.requests;

import org.jaring.core.trust.PeerIdentity;
import org.jaring.node.audit.AuditLog;
import org.jaring.v1.AuditKind;
import org.jaring.v1.Transition;

/**
 * Every transition of a cooperation request this node stores goes into the audit log (kind REQUEST_CHANGE,
 * docs/audit.md), synced before the call returns: who moved it (the identity from the caller's verified
 * certificate, or the peer node whose signed transition was received), from which state to which, and with whom
 * the request is exchanged. The request table holds the signed transitions themselves; the audit chain makes
 * their order and their authors tamper-evident on this node.
 */
final class RequestAudit {
    private RequestAudit() {}

    /** A transition made here by an analyst or admin of this node. */
    static void byCaller(AuditLog audit, PeerIdentity caller, String peer, Transition t) {
        audit.record(
                AuditKind.AUDIT_KIND_REQUEST_CHANGE,
                caller.uri().uri(),
                t.getRequestId(),
                "action",
                t.getSequence() == 1 ? "create request" : "change state",
                "transition",
                t.getSequence() + ": " + t.getFromState() + " -> " + t.getToState(),
                "peer",
                peer,
                "certificate",
                caller.fingerprintSha256());
    }

    /**
     * A transition this node made by itself: a deadline passed and the request expired. No person made it, so the
     * actor is the node, and the transition's own actor ("clock") says why.
     */
    static void byClock(AuditLog audit, String nodeId, String peer, Transition t) {
        audit.record(
                AuditKind.AUDIT_KIND_REQUEST_CHANGE,
                nodeId,
                t.getRequestId(),
                "action",
                "expire",
                "transition",
                t.getSequence() + ": " + t.getFromState() + " -> " + t.getToState(),
                "peer",
                peer,
                "actor",
                t.getActor() + "@" + t.getActorNode());
    }

    /** A transition received from the peer node {@code caller} (its identity from its verified certificate). */
    static void byPeer(AuditLog audit, String caller, String action, Transition t) {
        audit.record(
                AuditKind.AUDIT_KIND_REQUEST_CHANGE,
                caller,
                t.getRequestId(),
                "action",
                action,
                "transition",
                t.getSequence() + ": " + t.getFromState() + " -> " + t.getToState(),
                "peer",
                caller,
                "actor",
                t.getActor() + "@" + t.getActorNode());
    }
}
