package org.jaring.node.audit;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
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
import org.jaring.v1.PeerLookupResponse;

/**
 * Checks signed peer answers (format in {@link SignedResponses}). A peer signs every answer with the same
 * certificate until it rotates, so the certificate's parsing and its issuance check against the pinned CA (an
 * ECDSA verification as costly as the answer's own) are remembered per peer, keyed by the exact certificate PEM
 * and the pinned CA's fingerprint: a new certificate or a re-pinned CA is checked in full again. Validity in
 * time, revocation and the answer's own signature are checked on every answer.
 */
public final class AnswerVerifier {
    private record Issued(String anchorFingerprint, String certificatePem, X509Certificate certificate, PublicKey key,
                          String fingerprint) {
    }

    private final Map<String, Issued> issued = new ConcurrentHashMap<>();

    /** Null when {@code response} is a valid signed answer of {@code peer} to the request hashed as given. */
    public String check(TrustSnapshot trust, String peer, byte[] requestHash, PeerLookupResponse response) {
        if (response.getSignature().isEmpty()) {
            return "the answer is not signed";
        }
        if (!Arrays.equals(response.getRequestHash().toByteArray(), requestHash)) {
            return "the answer is bound to another request (request_hash differs)";
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
                || !signer.certificatePem().equals(response.getSignerCertificatePem())) {
            try {
                signer = issuedBy(pinned.get(), response.getSignerCertificatePem());
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                return "the signer certificate is not a valid certificate of " + peer + "'s pinned CA: " + e.getMessage();
            }
            issued.put(peer, signer);
        }
        try {
            signer.certificate().checkValidity();
        } catch (GeneralSecurityException e) {
            return "the signer certificate is not a valid certificate of " + peer + "'s pinned CA: " + e.getMessage();
        }
        if (!Fingerprints.matches(signer.fingerprint(), response.getSignerFingerprint())) {
            return "signer_fingerprint does not match the signer certificate";
        }
        if (trust.isRevoked(NodeId.of(peer), signer.certificate().getSerialNumber(), signer.fingerprint())) {
            return "the signer certificate " + Fingerprints.display(signer.fingerprint()) + " is revoked or blocked";
        }
        try {
            Signature s = EcdsaP256.signature(signer.key());
            s.initVerify(signer.key());
            SignedResponses.update(s, SignedResponses.unsigned(response));
            if (!s.verify(response.getSignature().toByteArray())) {
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
