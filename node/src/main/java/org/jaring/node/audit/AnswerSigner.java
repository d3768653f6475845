package org.jaring.node.audit;

import com.google.protobuf.ByteString;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import org.jaring.node.trust.Fingerprints;
import org.jaring.node.trust.KeySource;
import org.jaring.node.trust.PemFiles;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;

/**
 * Signs a node's peer answers (format in {@link SignedResponses}). What depends only on the key generation (the
 * BouncyCastle key object, the certificate's PEM and fingerprint) is prepared once per generation instead of on
 * every answer; a rotated key is picked up on the next answer.
 */
public final class AnswerSigner {
    private record Prepared(KeySource.Material material, PrivateKey key, ByteString certificatePem, String fingerprint) {
    }

    private final KeySource keys;
    private volatile Prepared prepared;

    public AnswerSigner(KeySource keys) {
        this.keys = keys;
    }

    public PeerLookupResponse sign(PeerLookupRequest request, PeerLookupResponse.Builder response) {
        Prepared p = prepared();
        response.clearSignature().clearSignerFingerprint()
                .setRequestHash(ByteString.copyFrom(SignedResponses.requestHash(request)))
                .setSignerCertificatePemBytes(p.certificatePem());
        byte[] signature;
        try {
            Signature s = EcdsaP256.signature(p.key());
            s.initSign(p.key());
            SignedResponses.update(s, response.build());
            signature = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the answer: " + e, e);
        }
        return response.setSignature(ByteString.copyFrom(signature)).setSignerFingerprint(p.fingerprint()).build();
    }

    private Prepared prepared() {
        KeySource.Material m = keys.current();
        Prepared p = prepared;
        if (p == null || p.material() != m) {
            p = new Prepared(m, EcdsaP256.forSigning(m.privateKey()), ByteString.copyFromUtf8(PemFiles.toPem(m.leaf())),
                    Fingerprints.sha256(m.leaf()));
            prepared = p;
        }
        return p;
    }
}
