package org.jaring.node.signing;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.SignedKind;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.core.trust.TrustVerifier;

/**
 * The signing rule every signed peer message shares (lookup answers, feed batches, sightings and their
 * acknowledgements): SHA256withECDSA by the node key over a per-message domain string followed by the message
 * serialized with its signature fields cleared, by a node certificate of the signing peer that the connection
 * rules accept ({@link TrustVerifier}). Each message
 * type has a small class that says which fields are cleared and which domain applies; this class holds the
 * one check, so lookup answers and feed batches are refused for exactly the same reasons.
 */
public final class PeerSignatures {
    private PeerSignatures() {}

    /** domain || body: what a signature covers. */
    public static byte[] withDomain(byte[] domain, byte[] body) {
        byte[] out = Arrays.copyOf(domain, domain.length + body.length);
        System.arraycopy(body, 0, out, domain.length, body.length);
        return out;
    }

    /** A fresh SHA-256 digest: the hash every signature here is made over. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** SHA-256 of a serialized message: how a response names the request it answers. */
    public static byte[] hash(byte[] serialized) {
        return PeerSignatures.sha256().digest(serialized);
    }

    /**
     * Null when {@code signature} over {@code signedBytes} was made by a node certificate of {@code peer} that this
     * node would accept from that peer on a connection ({@link TrustVerifier#evaluateSigner}: the node identity,
     * extended key usage, a path to the peer's pinned anchor valid now, neither revoked by the peer's list nor
     * blocked here), and whose fingerprint is {@code signerFingerprint}; otherwise why not, in words fit for an
     * audit record and a status detail.
     */
    public static String check(
            TrustSnapshot trust,
            SignedKind kind,
            String peer,
            String signerCertificatePem,
            String signerFingerprint,
            byte[] signature,
            byte[] signedBytes) {
        return new Verifier()
                .check(
                        trust,
                        kind,
                        peer,
                        signerCertificatePem,
                        signerFingerprint,
                        signature,
                        d -> d.update(signedBytes));
    }

    /** Feeds the signed bytes to the digest that is signed, so large messages need not be copied into one array. */
    @FunctionalInterface
    public interface SignedContent {
        void feed(MessageDigest digest);
    }

    /**
     * The check of {@link PeerSignatures#check}, remembering per peer the signer certificate it last accepted. A
     * peer signs with the same certificate until it rotates, so parsing it and evaluating it by the connection
     * rules (a path validation, an ECDSA verification as costly as the message's own) is done once per
     * certificate and trust snapshot: any change to the pinned anchors, revocation lists or blocked certificates
     * makes a new snapshot version and so a full evaluation again, as does reaching the end of the certificate's
     * (or its anchor's) validity. The message's own signature is checked every time. Keys are BouncyCastle key
     * objects ({@link EcdsaP256}).
     */
    public static final class Verifier {
        private record Accepted(
                long trustVersion,
                String certificatePem,
                PublicKey key,
                String fingerprint,
                Instant notBefore,
                Instant notAfter) {
            boolean stillFor(TrustSnapshot trust, String pem, Instant now) {
                return trustVersion == trust.version()
                        && certificatePem.equals(pem)
                        && !now.isBefore(notBefore)
                        && now.isBefore(notAfter);
            }
        }

        private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
        private final Clock clock;

        /** Checks validity in time by the system clock. */
        public Verifier() {
            this(Clock.systemUTC());
        }

        /** Checks validity in time by {@code clock}: the node's, the one its connections are checked by. */
        public Verifier(Clock clock) {
            this.clock = clock;
        }

        public String check(
                TrustSnapshot trust,
                SignedKind kind,
                String peer,
                String signerCertificatePem,
                String signerFingerprint,
                byte[] signature,
                SignedContent content) {
            if (signature.length == 0) {
                return "not signed";
            }
            NodeId peerId;
            try {
                peerId = NodeId.of(peer);
            } catch (IllegalArgumentException e) {
                return "unknown peer";
            }
            if (trust.peer(peerId).isEmpty()) {
                return peer + " is no longer a trusted peer";
            }
            Instant now = clock.instant();
            // Keyed by kind too: the rule names the role per kind, so an acceptance for one kind is not one for
            // another.
            String cacheKey = kind.name() + ' ' + peer;
            Accepted signer = accepted.get(cacheKey);
            if (signer == null || !signer.stillFor(trust, signerCertificatePem, now)) {
                X509Certificate certificate;
                try {
                    certificate = PemFiles.certificateFromPem(signerCertificatePem, "signer_certificate_pem");
                } catch (IOException | RuntimeException e) {
                    return "the signer certificate is not a readable certificate";
                }
                TrustVerifier.Outcome o = TrustVerifier.evaluateSigner(trust, kind, certificate, peerId, now);
                if (!o.accepted()) {
                    return "the signer certificate is not a node certificate of " + peer + " that this node accepts ("
                            + o.reason() + ": " + o.detail() + ")";
                }
                Instant anchorEnd =
                        trust.peer(peerId).get().anchor().getNotAfter().toInstant();
                Instant leafEnd = certificate.getNotAfter().toInstant();
                try {
                    signer = new Accepted(
                            trust.version(),
                            signerCertificatePem,
                            EcdsaP256.forVerifying(certificate.getPublicKey()),
                            o.fingerprint(),
                            certificate.getNotBefore().toInstant(),
                            leafEnd.isBefore(anchorEnd) ? leafEnd : anchorEnd);
                } catch (RuntimeException e) {
                    return "the signer certificate's key is not a P-256 key";
                }
                accepted.put(cacheKey, signer);
            }
            // The exact string first: Fingerprints.matches normalizes both sides with regular expressions.
            if (!signer.fingerprint().equals(signerFingerprint)
                    && !Fingerprints.matches(signer.fingerprint(), signerFingerprint)) {
                return "signer_fingerprint does not match the signer certificate";
            }
            try {
                MessageDigest digest = PeerSignatures.sha256();
                content.feed(digest);
                if (!EcdsaP256.verifyDigest(signer.key(), digest.digest(), signature)) {
                    return "the signature does not verify";
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                return "the signature does not verify (" + e.getClass().getSimpleName() + ")";
            }
            return null;
        }
    }
}
