package org.jaring.core.trust;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable view of everything trust decisions depend on. Verifiers read one snapshot per decision, so a
 * decision never mixes state from before and after a change; {@link #version()} grows with every change and is
 * the key under which decisions may be cached.
 */
public final class TrustSnapshot {

    private final long version;
    private final NodeId ownNodeId;
    private final X509Certificate ownCa;
    private final Map<NodeId, TrustedPeer> peers;
    private final RevocationList ownRevocations;
    private final Map<NodeId, SignedRevocationList> peerRevocations;
    private final SignedRevocationList ownSigned;
    private final Set<String> blockedFingerprints;

    TrustSnapshot(
            long version,
            NodeId ownNodeId,
            X509Certificate ownCa,
            Map<NodeId, TrustedPeer> peers,
            RevocationList ownRevocations,
            Map<NodeId, SignedRevocationList> peerRevocations) {
        this(version, ownNodeId, ownCa, peers, ownRevocations, peerRevocations, null, Set.of());
    }

    TrustSnapshot(
            long version,
            NodeId ownNodeId,
            X509Certificate ownCa,
            Map<NodeId, TrustedPeer> peers,
            RevocationList ownRevocations,
            Map<NodeId, SignedRevocationList> peerRevocations,
            SignedRevocationList ownSigned,
            Set<String> blockedFingerprints) {
        this.ownSigned = ownSigned;
        this.blockedFingerprints = Set.copyOf(blockedFingerprints);
        this.version = version;
        this.ownNodeId = ownNodeId;
        this.ownCa = ownCa;
        this.peers = Collections.unmodifiableMap(new TreeMap<>(peers));
        this.ownRevocations = ownRevocations;
        this.peerRevocations = Collections.unmodifiableMap(new TreeMap<>(peerRevocations));
    }

    public long version() {
        return version;
    }

    public NodeId ownNodeId() {
        return ownNodeId;
    }

    public X509Certificate ownCa() {
        return ownCa;
    }

    public Map<NodeId, TrustedPeer> peers() {
        return peers;
    }

    public Optional<TrustedPeer> peer(NodeId id) {
        return Optional.ofNullable(peers.get(id));
    }

    public RevocationList ownRevocations() {
        return ownRevocations;
    }

    public Map<NodeId, SignedRevocationList> peerRevocations() {
        return peerRevocations;
    }

    /**
     * The latest own revocation list signed by the national CA (the CLI signs it; the CA key never enters the
     * node), as served to peers. Empty until the first one is published.
     */
    public Optional<SignedRevocationList> ownSignedRevocations() {
        return Optional.ofNullable(ownSigned);
    }

    /** Peer certificates this node's admins blocked locally, by SHA-256 fingerprint. */
    public Set<String> blockedFingerprints() {
        return blockedFingerprints;
    }

    /**
     * Revoked by the CA of {@code issuer} (our own list for our node, the installed list for a peer), or
     * blocked here by our own admins.
     */
    public boolean isRevoked(NodeId issuer, BigInteger serial, String fingerprint) {
        if (blockedFingerprints.contains(fingerprint)) {
            return true;
        }
        if (issuer.equals(ownNodeId)) {
            return ownRevocations.isRevoked(serial, fingerprint);
        }
        SignedRevocationList l = peerRevocations.get(issuer);
        return l != null && l.list().isRevoked(serial, fingerprint);
    }

    TrustSnapshot next(
            Map<NodeId, TrustedPeer> newPeers,
            RevocationList newOwn,
            Map<NodeId, SignedRevocationList> newPeerRevocations) {
        return new TrustSnapshot(
                version + 1, ownNodeId, ownCa, newPeers, newOwn, newPeerRevocations, ownSigned, blockedFingerprints);
    }

    TrustSnapshot withOwnSigned(SignedRevocationList signed) {
        return new TrustSnapshot(
                version + 1, ownNodeId, ownCa, peers, signed.list(), peerRevocations, signed, blockedFingerprints);
    }

    TrustSnapshot withBlocked(String fingerprint) {
        Set<String> blocked = new TreeSet<>(blockedFingerprints);
        blocked.add(fingerprint);
        return new TrustSnapshot(
                version + 1, ownNodeId, ownCa, peers, ownRevocations, peerRevocations, ownSigned, blocked);
    }

    @Override
    public String toString() {
        return "TrustSnapshot[v" + version + " " + ownNodeId + ", peers=" + peers.keySet() + "]";
    }
}
