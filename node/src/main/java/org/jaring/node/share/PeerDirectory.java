package org.jaring.node.share;

import org.jaring.core.failure.PermissionDeniedException;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustedPeer;

/** Turns a verified peer identity into the {@link Asker} the sharing policy judges, with this node's groups. */
public final class PeerDirectory {
    private final TrustStore trust;

    public PeerDirectory(TrustStore trust) {
        this.trust = trust;
    }

    public Asker asker(PeerIdentity identity) {
        TrustedPeer peer = trust.snapshot()
                .peer(identity.nodeId())
                .orElseThrow(() -> new PermissionDeniedException(
                        identity.nodeId().value() + " is not a trusted peer of this node"));
        return new Asker(peer.nodeId().value(), peer.groups());
    }
}
