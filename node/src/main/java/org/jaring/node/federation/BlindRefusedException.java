package org.jaring.node.federation;

/** A peer's blind evaluation that this node will not use (unsigned, wrong key, proof fails): the peer is refused. */
final class BlindRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BlindRefusedException(String message) {
        super(message, null, false, false);
    }
}
