package org.jaring.node.federation;

import java.util.List;
import org.jaring.v1.PeerServiceGrpc;

/**
 * The peers this node can ask, each behind one long-lived channel (gRPC reconnects it with backoff).
 * The trust store decides who is in it; the list follows trust changes without a restart.
 */
public interface PeerChannels {
    /** Node IDs of every trusted peer, in a stable order. */
    List<String> peerIds();

    /** A stub for the peer, or null if it is not (or no longer) trusted. */
    PeerServiceGrpc.PeerServiceFutureStub stub(String nodeId);
}
