package org.jaring.node.share;

import com.google.protobuf.util.Timestamps;
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
 * Everything this node would hand one trusted peer in bulk: every live indicator that {@link SharingPolicy}
 * publishes to that peer (with the groups this node's admins put it in; confirm-only records never, as they are
 * answered on a question only), as the {@link Hit} the peer would get in a lookup, one per value ({@link #merge} when several shared cases hold it). Used to export a peer's view to STIX or MISP. Records whose case no longer exists are never
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
        Hit[] pending = new Hit[1];
        indicators.scan(clock.instant(), indicator -> {
            Case owningCase = cases.findCase(indicator.getCaseId()).orElse(null);
            Handling handling = SharingPolicy.effectiveHandling(indicator, owningCase);
            if (owningCase != null && SharingPolicy.mayPublish(handling, asker)) {
                Hit hit = Hits.of(nodeId, indicator, owningCase, handling, contact);
                Hit before = pending[0];
                if (before != null
                        && before.getType() == hit.getType()
                        && before.getValue().equals(hit.getValue())) {
                    pending[0] = merge(before, hit);
                } else {
                    if (before != null) {
                        each.accept(before);
                    }
                    pending[0] = hit;
                }
            }
        });
        if (pending[0] != null) {
            each.accept(pending[0]);
        }
    }

    /**
     * One hit for a value that several shared cases hold (the scan gives a value's records one after another):
     * an export names each value once (one STIX id, one MISP uuid), so two records must not leave as two objects
     * with the same id and different handling. Merged: the most restrictive TLP of the two, the higher
     * confidence, every offence, the earliest first_seen, the latest last_seen, the later valid_until (none if
     * either has none: the value stays live as long as one case holds it); case handle and contact of the
     * first record in key order.
     */
    static Hit merge(Hit a, Hit b) {
        Hit.Builder m = a.toBuilder();
        if (b.getTlpValue() > a.getTlpValue()) {
            m.setTlp(b.getTlp());
        }
        m.setConfidence(Math.max(a.getConfidence(), b.getConfidence()));
        for (var o : b.getOffencesList()) {
            if (!m.getOffencesList().contains(o)) {
                m.addOffences(o);
            }
        }
        if (b.hasFirstSeen() && (!a.hasFirstSeen() || Timestamps.compare(b.getFirstSeen(), a.getFirstSeen()) < 0)) {
            m.setFirstSeen(b.getFirstSeen());
        }
        if (b.hasLastSeen() && (!a.hasLastSeen() || Timestamps.compare(b.getLastSeen(), a.getLastSeen()) > 0)) {
            m.setLastSeen(b.getLastSeen());
        }
        if (!a.hasValidUntil() || !b.hasValidUntil()) {
            m.clearValidUntil();
        } else if (Timestamps.compare(b.getValidUntil(), a.getValidUntil()) > 0) {
            m.setValidUntil(b.getValidUntil());
        }
        return m.build();
    }
}
