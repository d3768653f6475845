package org.jaring.node.admin;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.jaring.core.config.HostPort;
import org.jaring.core.failure.ConflictException;
import org.jaring.core.failure.InvalidInputException;
import org.jaring.core.failure.NotFoundException;
import org.jaring.core.failure.Violations;
import org.jaring.core.text.SafeText;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.RevocationList;
import org.jaring.core.trust.RevocationListException;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustedPeer;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.federation.TrustedPeerChannels;
import org.jaring.v1.AddPeerRequest;
import org.jaring.v1.AuditKind;
import org.jaring.v1.BlockPeerCertificateRequest;
import org.jaring.v1.PeerHealth;
import org.jaring.v1.PeersStatusResponse;
import org.jaring.v1.PublishRevocationsResponse;
import org.jaring.v1.SignedRevocationList;
import org.jaring.v1.TrustedPeerInfo;

/**
 * What an admin may change about whom this node trusts. Every change is persisted before it is enforced
 * and is enforced at once, on open connections too (the interceptor re-checks each call).
 */
public final class TrustAdministration {
    private static final Logger LOG = Logger.getLogger(TrustAdministration.class.getName());
    private static final Pattern GROUP = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private final TrustStore trust;
    private final TrustedPeerChannels channels;
    private final UnaryOperator<PeerHealth> syncState;
    /** Records every trust change (who, which peer, what) before the call returns. */
    private final AuditLog audit;

    public TrustAdministration(
            TrustStore trust, TrustedPeerChannels channels, UnaryOperator<PeerHealth> syncState, AuditLog audit) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.syncState = Objects.requireNonNull(syncState, "syncState");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    public TrustedPeerInfo addPeer(AddPeerRequest request, String admin) {
        Violations v = new Violations();
        NodeId id = nodeId("node_id", request.getNodeId(), v);
        X509Certificate anchor = null;
        try {
            anchor = PemFiles.certificateFromPem(request.getCaCertificatePem(), "ca_certificate_pem");
        } catch (IOException | RuntimeException e) {
            v.add("ca_certificate_pem", "not a PEM certificate: " + e.getMessage());
        }
        try {
            HostPort.parse(request.getEndpoint());
        } catch (IllegalArgumentException e) {
            v.add("endpoint", e.getMessage());
        }
        Set<String> groups = new LinkedHashSet<>();
        for (int i = 0; i < request.getGroupsCount(); i++) {
            String g = request.getGroups(i);
            if (!GROUP.matcher(g).matches()) {
                v.add(
                        "groups[" + i + "]",
                        "'" + g + "' is not a group name; use lower-case letters, digits, '-' or '_'");
            }
            groups.add(g);
        }
        String confirmed = null;
        try {
            confirmed = Fingerprints.normalize(request.getConfirmedFingerprint());
        } catch (IllegalArgumentException e) {
            v.add("confirmed_fingerprint", e.getMessage());
        }
        v.throwIfAny();
        String actual = Fingerprints.sha256(anchor);
        if (!Fingerprints.matches(confirmed, actual)) {
            throw new ConflictException("fingerprint mismatch: you confirmed " + Fingerprints.display(confirmed)
                    + " but the certificate offered for " + id + " is " + Fingerprints.display(actual)
                    + "; do not add this peer until its admin confirms the fingerprint");
        }
        if (trust.snapshot().peer(id).isPresent()) {
            throw new ConflictException(id + " is already a trusted peer; remove it first to replace its anchor");
        }
        try {
            TrustedPeer peer = trust.addPeer(id, anchor, confirmed, request.getEndpoint(), groups);
            LOG.info(() -> "trust: " + admin + " added peer " + id + " at " + SafeText.quote(request.getEndpoint())
                    + " anchor " + Fingerprints.display(actual) + " groups " + groups);
            audit.record(
                    AuditKind.AUDIT_KIND_TRUST_CHANGE,
                    admin,
                    id.value(),
                    "action",
                    "add peer",
                    "endpoint",
                    request.getEndpoint(),
                    "anchor",
                    actual,
                    "groups",
                    groups.toString());
            return info(peer);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("ca_certificate_pem", e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<TrustedPeerInfo> listPeers() {
        return trust.snapshot().peers().values().stream()
                .map(TrustAdministration::info)
                .toList();
    }

    public void removePeer(String nodeId, String admin) {
        Violations v = new Violations();
        NodeId id = nodeId("node_id", nodeId, v);
        v.throwIfAny();
        try {
            if (!trust.removePeer(id)) {
                throw new NotFoundException(id + " is not a trusted peer of this node");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info(() -> "trust: " + admin + " removed peer " + id);
        audit.record(AuditKind.AUDIT_KIND_TRUST_CHANGE, admin, id.value(), "action", "remove peer");
    }

    public void blockPeerCertificate(BlockPeerCertificateRequest request, String admin) {
        Violations v = new Violations();
        NodeId id = nodeId("node_id", request.getNodeId(), v);
        String fingerprint = null;
        try {
            fingerprint = Fingerprints.normalize(request.getFingerprint());
        } catch (IllegalArgumentException e) {
            v.add("fingerprint", e.getMessage());
        }
        v.throwIfAny();
        if (trust.snapshot().peer(id).isEmpty()) {
            throw new NotFoundException(id + " is not a trusted peer of this node");
        }
        try {
            trust.blockCertificate(fingerprint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String fp = fingerprint;
        LOG.info(() -> "trust: " + admin + " blocked certificate " + Fingerprints.display(fp) + " of " + id + " ("
                + SafeText.quote(request.getReason()) + ")");
        audit.record(
                AuditKind.AUDIT_KIND_TRUST_CHANGE,
                admin,
                id.value(),
                "action",
                "block certificate",
                "fingerprint",
                fp,
                "reason",
                request.getReason());
    }

    /** The current own list: signed if the CLI has published one, else the node's unsigned starting point. */
    public SignedRevocationList ownRevocations() {
        var signed = trust.snapshot().ownSignedRevocations();
        if (signed.isPresent()) {
            return SignedRevocationList.newBuilder()
                    .setEncoded(ByteString.copyFrom(signed.get().encoded()))
                    .setSignature(ByteString.copyFrom(signed.get().signature()))
                    .build();
        }
        return SignedRevocationList.newBuilder()
                .setEncoded(
                        ByteString.copyFrom(trust.snapshot().ownRevocations().encode()))
                .build();
    }

    public PublishRevocationsResponse publishRevocations(SignedRevocationList signed, String admin) {
        RevocationList list;
        try {
            list = trust.installOwnRevocationList(
                    signed.getEncoded().toByteArray(), signed.getSignature().toByteArray());
        } catch (RevocationListException e) {
            switch (e.reason()) {
                case STALE_SEQUENCE ->
                    throw new ConflictException(e.getMessage() + "; fetch the current list and sign again");
                default ->
                    throw new InvalidInputException(
                            "signature", e.getMessage() + "; the list must be signed with this node's national CA key");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info(() -> "trust: " + admin + " published revocation list " + list.sequence() + " with "
                + list.entries().size() + " entries");
        audit.record(
                AuditKind.AUDIT_KIND_TRUST_CHANGE,
                admin,
                "own revocation list",
                "action",
                "publish revocations",
                "sequence",
                Long.toString(list.sequence()),
                "entries",
                Integer.toString(list.entries().size()));
        return PublishRevocationsResponse.newBuilder()
                .setSequence(list.sequence())
                .setRevoked(list.entries().size())
                .build();
    }

    public PeersStatusResponse peersStatus() {
        return PeersStatusResponse.newBuilder()
                .addAllPeers(channels.status().stream().map(syncState).toList())
                .build();
    }

    private static NodeId nodeId(String field, String text, Violations v) {
        try {
            return NodeId.of(text);
        } catch (IllegalArgumentException e) {
            v.add(field, e.getMessage());
            return null;
        }
    }

    private static TrustedPeerInfo info(TrustedPeer p) {
        return TrustedPeerInfo.newBuilder()
                .setNodeId(p.nodeId().value())
                .setEndpoint(p.endpoint())
                .addAllGroups(p.groups())
                .setAnchorFingerprint(Fingerprints.display(p.fingerprint()))
                .setAnchorNotAfter(
                        Timestamps.fromMillis(p.anchor().getNotAfter().getTime()))
                .build();
    }
}
