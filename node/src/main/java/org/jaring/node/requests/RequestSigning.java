package org.jaring.node.requests;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.node.signing.NodeSigner;
import org.jaring.node.signing.TransitionSignatures;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.Transition;

/**
 * Hashes, signs and checks the transitions of a cooperation request. What a transition's signature covers and
 * who may sign it is {@link TransitionSignatures}' rule (docs/protocol.md, "Signed objects"). A transition's hash
 * is SHA-256 over its whole encoding, signature included; the first transition's prev_hash is the SHA-256 of the
 * request's encoding, which binds the chain to the request. Both encodings are the deterministic ones the
 * signature rule uses (fields once, in number order, defaults left out).
 */
public final class RequestSigning {
    private RequestSigning() {}

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] hash(CooperationRequest request) {
        return sha256(request.toByteArray());
    }

    public static byte[] hash(Transition t) {
        return sha256(t.toByteArray());
    }

    /** {@code unsigned} signed with the node key of {@code keys}. */
    public static Transition sign(Transition unsigned, KeySource keys) {
        return TransitionSignatures.sign(unsigned, new NodeSigner(keys));
    }

    /** The signing certificate carried in the transition. */
    public static X509Certificate certificate(Transition t) {
        return TransitionSignatures.certificate(t);
    }

    /**
     * Null when {@code t} is signed by the node certificate of {@code signer} that this node accepts at
     * {@code now}, by the rule every signed object shares; else why not. There is no check without an anchor: a
     * signer that is no trusted peer in {@code trust} is refused.
     */
    public static String verify(Transition t, TrustSnapshot trust, NodeId signer, Instant now) {
        return TransitionSignatures.check(t, trust, signer, now);
    }
}
