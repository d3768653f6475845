package org.jaring.node.trust;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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

    TrustSnapshot(long version, NodeId ownNodeId, X509Certificate ownCa, Map<NodeId, TrustedPeer> peers,
                  RevocationList ownRevocations, Map<NodeId, SignedRevocationList> peerRevocations) {
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

    /** Revoked by the CA of {@code issuer}: our own list for our node, the installed list for a peer. */
    public boolean isRevoked(NodeId issuer, BigInteger serial, String fingerprint) {
        if (issuer.equals(ownNodeId)) {
            return ownRevocations.isRevoked(serial, fingerprint);
        }
        SignedRevocationList l = peerRevocations.get(issuer);
        return l != null && l.list().isRevoked(serial, fingerprint);
    }

    TrustSnapshot next(Map<NodeId, TrustedPeer> newPeers, RevocationList newOwn,
                       Map<NodeId, SignedRevocationList> newPeerRevocations) {
        return new TrustSnapshot(version + 1, ownNodeId, ownCa, newPeers, newOwn, newPeerRevocations);
    }

    @Override
    public String toString() {
        return "TrustSnapshot[v" + version + " " + ownNodeId + ", peers=" + peers.keySet() + "]";
    }
}
