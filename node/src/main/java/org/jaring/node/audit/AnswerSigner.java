package org.jaring.node.audit;

import com.google.protobuf.ByteString;
import org.jaring.node.trust.KeySource;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;

/**
 * Signs a node's peer answers (format in {@link SignedResponses}) with its current key ({@link NodeSigner}).
 */
public final class AnswerSigner {
    private final NodeSigner signer;

    public AnswerSigner(KeySource keys) {
        this.signer = new NodeSigner(keys);
    }

    public PeerLookupResponse sign(PeerLookupRequest request, PeerLookupResponse.Builder response) {
        NodeSigner.Key key = signer.current();
        response.clearSignature().clearSignerFingerprint()
                .setRequestHash(ByteString.copyFrom(SignedResponses.requestHash(request)))
                .setSignerCertificatePemBytes(key.certificatePemBytes());
        PeerLookupResponse unsigned = response.build();
        byte[] signature = key.sign(d -> SignedResponses.feed(d, unsigned));
        return response.setSignature(ByteString.copyFrom(signature)).setSignerFingerprint(key.fingerprint()).build();
    }
}
