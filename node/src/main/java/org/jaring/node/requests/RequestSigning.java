package org.jaring.node.requests;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.KeySource;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.Transition;

/**
 * Signs and checks transitions. The signed bytes are the transition's protobuf encoding with signature and
 * signer_certificate empty (protobuf-java writes fields in number order, with no maps here, so the bytes are
 * canonical). A transition's hash is SHA-256 over its whole encoding, signature included; the first
 * transition's prev_hash is the SHA-256 of the request's encoding, which binds the chain to the request.
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

    static byte[] signedBytes(Transition t) {
        return t.toBuilder().clearSignature().clearSignerCertificate().build().toByteArray();
    }

    static String algorithm(Key key) {
        return key instanceof ECKey || key.getAlgorithm().startsWith("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    }

    public static Transition sign(Transition unsigned, KeySource keys) {
        KeySource.Material m = keys.current();
        try {
            X509Certificate leaf = m.leaf();
            Transition t = unsigned.toBuilder()
                    .setSignerFingerprint(Fingerprints.sha256(leaf))
                    .build();
            PrivateKey key = m.privateKey();
            Signature s = Signature.getInstance(algorithm(key));
            s.initSign(key);
            s.update(signedBytes(t));
            return t.toBuilder()
                    .setSignature(ByteString.copyFrom(s.sign()))
                    .setSignerCertificate(ByteString.copyFrom(leaf.getEncoded()))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a transition", e);
        }
    }

    /** The signing certificate carried in the transition. */
    public static X509Certificate certificate(Transition t) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(t.getSignerCertificate().toByteArray()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("signer_certificate is not a certificate", e);
        }
    }

    /**
     * Checks the signature against the certificate in the transition, that the certificate matches the
     * fingerprint and was issued by {@code anchor} (the signing node's national CA). Returns null if good,
     * else why not.
     */
    public static String verify(Transition t, X509Certificate anchor) {
        try {
            X509Certificate cert = certificate(t);
            if (!Fingerprints.sha256(cert).equals(t.getSignerFingerprint())) {
                return "signer_fingerprint does not match signer_certificate";
            }
            if (anchor != null) {
                cert.verify(anchor.getPublicKey());
            }
            PublicKey pub = cert.getPublicKey();
            Signature s = Signature.getInstance(algorithm(pub));
            s.initVerify(pub);
            s.update(signedBytes(t));
            return s.verify(t.getSignature().toByteArray()) ? null : "bad signature";
        } catch (GeneralSecurityException | RuntimeException e) {
            return "cannot verify: " + e.getMessage();
        }
    }
}
