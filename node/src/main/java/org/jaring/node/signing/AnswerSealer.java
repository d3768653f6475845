package org.jaring.node.signing;

import org.jaring.v1.PeerLookupResponse;

/**
 * How a peer answer leaves the node: serialized once and bound to the request's hash. The node's one implementation
 * is {@link AnswerSigner}, which signs it; an unsigned sealer exists only in benchmark code, as the baseline that
 * prices signing (the architecture test refuses another implementing class in the node).
 */
@FunctionalInterface
public interface AnswerSealer {
    /** The answer to the request whose bytes hash to {@code requestHash}, as the bytes that go on the wire. */
    byte[] seal(byte[] requestHash, PeerLookupResponse.Builder response);
}
