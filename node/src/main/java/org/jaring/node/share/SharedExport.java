package org.jaring.node.share;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jaring.core.failure.FieldViolation;
import org.jaring.core.failure.InvalidInputException;
import org.jaring.core.failure.NotFoundException;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustedPeer;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.cases.CaseService;
import org.jaring.node.store.IndicatorTable;
import org.jaring.v1.AuditKind;
import org.jaring.v1.Case;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.Handling;
import org.jaring.v1.Hit;

/**
 * Everything this node would disclose to one trusted peer: every live indicator that {@link SharingPolicy}
 * allows that peer (with the groups this node's admins put it in), as the {@link Hit} the peer would get in
 * a lookup. Used to export a peer's view to STIX or MISP. Records whose case no longer exists are never
 * included, as in lookups. Nothing is recorded as a disclosure: the export goes to this node's own admin,
 * who decides whether to hand it over.
 */
public final class SharedExport {
    private final String nodeId;
    private final CaseService cases;
    private final IndicatorTable indicators;
    private final TrustStore trust;
    private final ContactPoint contact;
    private final AuditLog audit;
    private final Clock clock;

    public SharedExport(
            String nodeId,
            CaseService cases,
            IndicatorTable indicators,
            TrustStore trust,
            ContactPoint contact,
            AuditLog audit,
            Clock clock) {
        this.nodeId = nodeId;
        this.cases = cases;
        this.indicators = indicators;
        this.trust = trust;
        this.contact = contact;
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = clock;
    }

    /** The asker as the policy judges it; NOT_FOUND unless {@code peerNodeId} is a trusted peer. */
    public Asker asker(String peerNodeId) {
        NodeId id;
        try {
            id = NodeId.of(peerNodeId);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(List.of(new FieldViolation("peer_node_id", e.getMessage())));
        }
        TrustedPeer peer = trust.snapshot()
                .peer(id)
                .orElseThrow(() -> new NotFoundException(
                        "'" + peerNodeId + "' is not a trusted peer of this node; 'jaring trust list' shows them"));
        return new Asker(peer.nodeId().value(), peer.groups());
    }

    /**
     * Calls {@code each} with every hit the peer may see, in (type, value) order. Recorded first (ADMIN_ACTION
     * {@code export shared}, synced) with the caller's identity: what leaves the node in an export is disclosed.
     */
    public void export(PeerIdentity caller, Asker asker, Consumer<Hit> each) {
        Objects.requireNonNull(caller, "caller");
        audit.record(
                AuditKind.AUDIT_KIND_ADMIN_ACTION,
                caller.uri().uri(),
                "export shared",
                "peer",
                asker.nodeId(),
                "certificate",
                caller.fingerprintSha256());
        indicators.scan(clock.instant(), indicator -> {
            Case owningCase = cases.findCase(indicator.getCaseId()).orElse(null);
            Handling handling = SharingPolicy.effectiveHandling(indicator, owningCase);
            if (owningCase != null && SharingPolicy.mayDisclose(handling, asker)) {
                each.accept(Hits.of(nodeId, indicator, owningCase, handling, contact));
            }
        });
    }
}
