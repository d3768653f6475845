package org.jaring.node.signing;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.SignedKind;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.v1.Transition;

/**
 * Signed request transitions (docs/protocol.md, "Signed objects"). A transition is stored, chained by hash and
 * sent again inside later messages, so it cannot travel as the bytes it was signed over; its signature covers a
 * canonical byte string instead, one another implementation rebuilds from the fields alone:
 * {@code "jaring-transition-v1\0"} followed by the transition's deterministic protobuf encoding with
 * {@code signature} (13) and {@code signer_certificate} (15) left out: every other field that is not at its
 * default value, once, in ascending field-number order (the timestamps encoded the same way inside). The signer
 * is the node certificate of the transition's {@code actor_node}, checked by the rule every signed object shares
 * ({@link TrustVerifier#evaluateSigner}).
 */
public final class TransitionSignatures {
    private TransitionSignatures() {}

    /** Feeds the bytes a transition's signature covers to {@code digest}. */
    static void feedSigned(MessageDigest digest, Transition t) {
        digest.update(SignedKind.REQUEST_TRANSITION.domain());
        // protobuf-java writes known fields in number order and keeps unknown ones sorted by number after them,
        // which is the canonical order for a message whose newer fields have higher numbers.
        digest.update(
                t.toBuilder().clearSignature().clearSignerCertificate().build().toByteArray());
    }

    /** {@code unsigned} signed with the node's current key, naming and carrying its certificate. */
    public static Transition sign(Transition unsigned, NodeSigner signer) {
        NodeSigner.Key key = Objects.requireNonNull(signer, "signer").current();
        Transition named = unsigned.toBuilder()
                .clearSignature()
                .clearSignerCertificate()
                .setSignerFingerprint(key.fingerprint())
                .build();
        byte[] signature = key.sign(d -> feedSigned(d, named));
        return named.toBuilder()
                .setSignature(ByteString.copyFrom(signature))
                .setSignerCertificate(key.certificateDer())
                .build();
    }

    /** The signing certificate carried in the transition. */
    public static X509Certificate certificate(Transition t) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(t.getSignerCertificate().toByteArray()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("signer_certificate is not a certificate", e);
        }
    }

    /**
     * Null when {@code t} is signed by the node certificate of {@code signer} that this node accepts from that peer
     * at {@code now} (its pinned anchor, its revocation list, the certificates blocked here); else why not. A
     * signer that is no trusted peer has no anchor, and that is a refusal.
     */
    public static String check(Transition t, TrustSnapshot trust, NodeId signer, Instant now) {
        Objects.requireNonNull(trust, "trust");
        if (t.getSignature().isEmpty()) {
            return "the transition is not signed";
        }
        X509Certificate cert;
        try {
            cert = certificate(t);
        } catch (IllegalArgumentException e) {
            return "signer_certificate is not a readable certificate";
        }
        if (!Fingerprints.sha256(cert).equals(t.getSignerFingerprint())) {
            return "signer_fingerprint does not match signer_certificate";
        }
        TrustVerifier.Outcome o = TrustVerifier.evaluateSigner(trust, SignedKind.REQUEST_TRANSITION, cert, signer, now);
        if (!o.accepted()) {
            return "the signer certificate is not a node certificate of " + signer + " that this node accepts ("
                    + o.reason() + ": " + o.detail() + ")";
        }
        try {
            MessageDigest digest = PeerSignatures.sha256();
            feedSigned(digest, t);
            if (!EcdsaP256.verifyDigest(
                    EcdsaP256.forVerifying(cert.getPublicKey()),
                    digest.digest(),
                    t.getSignature().toByteArray())) {
                return "the signature does not verify";
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return "the signature does not verify (" + e.getClass().getSimpleName() + ")";
        }
        return null;
    }
}
