package org.jaring.node.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jaring.node.trust.Fingerprints;
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

    /**
     * Null when {@code signature} over {@code signedBytes} was made by a certificate that {@code peer}'s pinned CA
     * issued, that is valid now, neither revoked by the peer's list nor blocked here, and whose fingerprint is
     * {@code signerFingerprint}; otherwise why not, in words fit for an audit record and a status detail.
     */
    public static String check(TrustSnapshot trust, String peer, String signerCertificatePem, String signerFingerprint,
                               byte[] signature, byte[] signedBytes) {
        return new Verifier().check(trust, peer, signerCertificatePem, signerFingerprint, signature,
                d -> d.update(signedBytes));
    }

    /** Feeds the signed bytes to the digest that is signed, so large messages need not be copied into one array. */
    @FunctionalInterface
    public interface SignedContent {
        void feed(MessageDigest digest);
    }

    /**
     * The check of {@link PeerSignatures#check}, remembering per peer the signer certificate it last accepted. A
     * peer signs with the same certificate until it rotates, so parsing it and checking its issuance against the
     * pinned CA (an ECDSA verification as costly as the message's own) is done once per certificate and pinned
     * CA; a new certificate or a re-pinned CA is checked in full again. Validity in time, revocation and the
     * message's own signature are checked every time. Keys are BouncyCastle key objects ({@link EcdsaP256}).
     */
    public static final class Verifier {
        private record Issued(String anchorFingerprint, String certificatePem, X509Certificate certificate,
                              PublicKey key, String fingerprint) {
        }

        private final Map<String, Issued> issued = new ConcurrentHashMap<>();

        public String check(TrustSnapshot trust, String peer, String signerCertificatePem, String signerFingerprint,
                            byte[] signature, SignedContent content) {
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
            Issued signer = issued.get(peer);
            if (signer == null || !signer.anchorFingerprint().equals(pinned.get().fingerprint())
                    || !signer.certificatePem().equals(signerCertificatePem)) {
                try {
                    signer = issuedBy(pinned.get(), signerCertificatePem);
                } catch (IOException | GeneralSecurityException | RuntimeException e) {
                    return "the signer certificate is not a valid certificate of " + peer + "'s pinned CA: "
                            + e.getMessage();
                }
                issued.put(peer, signer);
            }
            try {
                signer.certificate().checkValidity();
            } catch (GeneralSecurityException e) {
                return "the signer certificate is not a valid certificate of " + peer + "'s pinned CA: " + e.getMessage();
            }
            // The exact string first: Fingerprints.matches normalizes both sides with regular expressions.
            if (!signer.fingerprint().equals(signerFingerprint)
                    && !Fingerprints.matches(signer.fingerprint(), signerFingerprint)) {
                return "signer_fingerprint does not match the signer certificate";
            }
            if (trust.isRevoked(NodeId.of(peer), signer.certificate().getSerialNumber(), signer.fingerprint())) {
                return "the signer certificate " + Fingerprints.display(signer.fingerprint()) + " is revoked or blocked";
            }
            try {
                MessageDigest digest = AuditCrypto.sha256();
                content.feed(digest);
                if (!EcdsaP256.verifyDigest(signer.key(), digest.digest(), signature)) {
                    return "the signature does not verify";
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                return "the signature does not verify: " + e.getMessage();
            }
            return null;
        }

        private static Issued issuedBy(TrustedPeer peer, String pem) throws IOException, GeneralSecurityException {
            X509Certificate certificate = PemFiles.certificateFromPem(pem, "signer_certificate_pem");
            PublicKey anchorKey = EcdsaP256.forVerifying(peer.anchor().getPublicKey());
            java.security.Provider provider = EcdsaP256.provider(anchorKey);
            if (provider == null) {
                certificate.verify(anchorKey);
            } else {
                certificate.verify(anchorKey, provider);
            }
            return new Issued(peer.fingerprint(), pem, certificate, EcdsaP256.forVerifying(certificate.getPublicKey()),
                    Fingerprints.sha256(certificate));
        }
    }
}
