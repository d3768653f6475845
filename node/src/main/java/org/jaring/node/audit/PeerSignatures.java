package org.jaring.node.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import org.jaring.node.trust.Fingerprints;
import org.jaring.node.trust.KeySource;
import org.jaring.node.trust.NodeId;
import org.jaring.node.trust.PemFiles;
import org.jaring.node.trust.TrustSnapshot;
import org.jaring.node.trust.TrustedPeer;

/**
 * The signing rule every signed peer message shares (lookup answers, feed batches, sightings and their
 * acknowledgements): SHA256withECDSA by the node key over a per-message domain string followed by the message
 * serialized with its signature fields cleared, checked against the signing peer's pinned CA. Each message
 * type has a small class that says which fields are cleared and which domain applies; this class holds the
 * one check, so lookup answers and feed batches are refused for exactly the same reasons.
 */
public final class PeerSignatures {
    private PeerSignatures() {
    }

    /** {@code domain} as bytes, a NUL-terminated ASCII tag such as "jaring-feed-batch-v1\0". */
    public static byte[] domain(String tag) {
        return tag.getBytes(StandardCharsets.UTF_8);
    }

    /** domain || body: what a signature covers. */
    public static byte[] withDomain(byte[] domain, byte[] body) {
        byte[] out = Arrays.copyOf(domain, domain.length + body.length);
        System.arraycopy(body, 0, out, domain.length, body.length);
        return out;
    }

    /** SHA-256 of a serialized message: how a response names the request it answers. */
    public static byte[] hash(byte[] serialized) {
        return AuditCrypto.sha256().digest(serialized);
    }

    /** The node's current signer: its certificate (PEM, fingerprint) and a way to sign with its key. */
    public record Signer(KeySource.Material material) {
        public static Signer of(KeySource keys) {
            return new Signer(keys.current());
        }

        public String certificatePem() {
            return PemFiles.toPem(material.leaf());
        }

        public String fingerprint() {
            return Fingerprints.sha256(material.leaf());
        }

        public byte[] sign(byte[] signedBytes) {
            return AuditCrypto.sign(material.privateKey(), signedBytes);
        }
    }

    /**
     * Null when {@code signature} over {@code signedBytes} was made by a certificate that {@code peer}'s pinned CA
     * issued, that is valid now, neither revoked by the peer's list nor blocked here, and whose fingerprint is
     * {@code signerFingerprint}; otherwise why not, in words fit for an audit record and a status detail.
     */
    public static String check(TrustSnapshot trust, String peer, String signerCertificatePem, String signerFingerprint,
                               byte[] signature, byte[] signedBytes) {
        if (signature.length == 0) {
            return "not signed";
        }
        Optional<TrustedPeer> pinned;
        try {
            pinned = trust.peer(NodeId.of(peer));
        } catch (IllegalArgumentException e) {
            return "unknown peer " + peer;
        }
        if (pinned.isEmpty()) {
            return peer + " is no longer a trusted peer";
        }
        X509Certificate signer;
        try {
            signer = PemFiles.certificateFromPem(signerCertificatePem, "signer_certificate_pem");
            signer.verify(pinned.get().anchor().getPublicKey());
            signer.checkValidity();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return "the signer certificate is not a valid certificate of " + peer + "'s pinned CA: " + e.getMessage();
        }
        String fp = Fingerprints.sha256(signer);
        if (!Fingerprints.matches(fp, signerFingerprint)) {
            return "signer_fingerprint does not match the signer certificate";
        }
        if (trust.isRevoked(NodeId.of(peer), signer.getSerialNumber(), fp)) {
            return "the signer certificate " + Fingerprints.display(fp) + " is revoked or blocked";
        }
        try {
            Signature s = Signature.getInstance(AuditCrypto.SIGNATURE_ALGORITHM);
            s.initVerify(signer.getPublicKey());
            s.update(signedBytes);
            if (!s.verify(signature)) {
                return "the signature does not verify";
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return "the signature does not verify: " + e.getMessage();
        }
        return null;
    }
}
