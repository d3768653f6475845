package org.jaring.node.audit;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jaring.node.trust.Fingerprints;
import org.jaring.node.trust.KeySource;
import org.jaring.node.trust.PemFiles;
import org.jaring.node.trust.TrustSnapshot;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;

/**
 * Signed peer answers: the responder signs its answer bound to the SHA-256 of the request; the asker checks
 * the signature, the binding and the signer certificate against the peer's pinned CA (docs/audit.md).
 */
public final class SignedResponses {
    private static final byte[] DOMAIN = "jaring-peer-response-v1\0".getBytes(StandardCharsets.UTF_8);

    private SignedResponses() {
    }

    public static byte[] requestHash(PeerLookupRequest request) {
        return AuditCrypto.sha256().digest(request.toByteArray());
    }

    static byte[] signedBytes(PeerLookupResponse response) {
        byte[] body = response.toBuilder().clearSignature().clearSignerFingerprint().build().toByteArray();
        byte[] out = Arrays.copyOf(DOMAIN, DOMAIN.length + body.length);
        System.arraycopy(body, 0, out, DOMAIN.length, body.length);
        return out;
    }

    /** The answer signed with the node's current key; unsigned when {@code keys} is null (components in tests). */
    public static PeerLookupResponse sign(KeySource keys, PeerLookupRequest request, PeerLookupResponse.Builder response) {
        if (keys == null) {
            return response.build();
        }
        KeySource.Material m = keys.current();
        response.setRequestHash(ByteString.copyFrom(requestHash(request)))
                .setSignerCertificatePem(PemFiles.toPem(m.leaf()));
        byte[] signature = AuditCrypto.sign(m.privateKey(), signedBytes(response.build()));
        return response.setSignature(ByteString.copyFrom(signature)).setSignerFingerprint(Fingerprints.sha256(m.leaf())).build();
    }

    /** Null when {@code response} is a valid signed answer of {@code peer} to the request hashed as given. */
    public static String check(TrustSnapshot trust, String peer, byte[] requestHash, PeerLookupResponse response) {
        if (response.getSignature().isEmpty()) {
            return "the answer is not signed";
        }
        if (!Arrays.equals(response.getRequestHash().toByteArray(), requestHash)) {
            return "the answer is bound to another request (request_hash differs)";
        }
        // The signer and signature checks are shared with every other signed peer message.
        return PeerSignatures.check(trust, peer, response.getSignerCertificatePem(), response.getSignerFingerprint(),
                response.getSignature().toByteArray(), signedBytes(response));
    }
}
