package org.jaring.node.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jaring.node.trust.KeySource;
import org.jaring.node.trust.TrustSnapshot;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;

/**
 * Signed peer answers: the responder signs its answer bound to the SHA-256 of the request; the asker checks
 * the signature, the binding and the signer certificate against the peer's pinned CA (docs/audit.md). The
 * signature covers {@code "jaring-peer-response-v1\0" || the answer serialized with signature and
 * signer_fingerprint cleared}. {@link AnswerSigner} and {@link AnswerVerifier} do the work; the static methods
 * here are for one-off use.
 */
public final class SignedResponses {
    private static final byte[] DOMAIN = "jaring-peer-response-v1\0".getBytes(StandardCharsets.UTF_8);

    private SignedResponses() {
    }

    public static byte[] requestHash(PeerLookupRequest request) {
        return AuditCrypto.sha256().digest(request.toByteArray());
    }

    /** The answer as signed: signature and signer_fingerprint cleared. */
    static PeerLookupResponse unsigned(PeerLookupResponse response) {
        return response.getSignature().isEmpty() && response.getSignerFingerprint().isEmpty() ? response
                : response.toBuilder().clearSignature().clearSignerFingerprint().build();
    }

    /** Feeds the signed bytes of {@code unsigned} (see {@link #unsigned}) to {@code digest}. */
    static void feed(MessageDigest digest, PeerLookupResponse unsigned) {
        digest.update(DOMAIN);
        digest.update(unsigned.toByteArray());
    }

    /** The answer signed with the node's current key; unsigned when {@code keys} is null (components in tests). */
    public static PeerLookupResponse sign(KeySource keys, PeerLookupRequest request, PeerLookupResponse.Builder response) {
        return keys == null ? response.build() : new AnswerSigner(keys).sign(request, response);
    }

    /** Null when {@code response} is a valid signed answer of {@code peer} to the request hashed as given. */
    public static String check(TrustSnapshot trust, String peer, byte[] requestHash, PeerLookupResponse response) {
        return new AnswerVerifier().check(trust, peer, requestHash, response);
    }
}
