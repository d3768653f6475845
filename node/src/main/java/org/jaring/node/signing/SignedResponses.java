package org.jaring.node.signing;

import java.security.MessageDigest;
import org.jaring.core.trust.SignedKind;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;

/**
 * Signed peer answers: the responder signs its answer bound to the SHA-256 of the request; the asker checks
 * the signature, the binding and the signer certificate against the peer's pinned CA (docs/audit.md). The
 * signature covers {@code "jaring-peer-response-v1\0" || the answer's bytes without its signature and
 * signer_fingerprint fields} ({@link SignedWire}). {@link AnswerSigner} and {@link AnswerVerifier} do the work;
 * the static methods here are for one-off use.
 */
public final class SignedResponses {
    static final byte[] DOMAIN = SignedKind.LOOKUP_ANSWER.domain();

    private SignedResponses() {}

    public static byte[] requestHash(PeerLookupRequest request) {
        return PeerSignatures.sha256().digest(request.toByteArray());
    }

    /** Feeds the signed bytes of an answer received as {@code wire} to {@code digest} ({@link SignedWire}). */
    static void feed(MessageDigest digest, byte[] wire) {
        SignedWire.feedSigned(
                digest,
                DOMAIN,
                wire,
                PeerLookupResponse.SIGNATURE_FIELD_NUMBER,
                PeerLookupResponse.SIGNER_FINGERPRINT_FIELD_NUMBER);
    }

    /**
     * Null when {@code response} is a valid signed answer of {@code peer} to the request hashed as given. For
     * one-off checks of a message at hand: its own encoding stands for the bytes it came in.
     */
    public static String check(TrustSnapshot trust, String peer, byte[] requestHash, PeerLookupResponse response) {
        return new AnswerVerifier().check(trust, peer, requestHash, response, response.toByteArray());
    }
}
