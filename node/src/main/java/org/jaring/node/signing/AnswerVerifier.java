package org.jaring.node.signing;

import java.time.Clock;
import java.util.Arrays;
import org.jaring.core.trust.SignedKind;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.v1.BlindEvaluateResponse;
import org.jaring.v1.PeerLookupResponse;

/**
 * Checks signed peer answers (format in {@link SignedResponses}): the binding to the request here, the signer
 * (a node certificate of that peer that its connections would be accepted with) and the signature by the rule
 * every signed peer message shares ({@link PeerSignatures.Verifier}, which remembers each peer's accepted signer
 * certificate). What the answer says is checked by the asker's {@code federation/PeerAnswerRules}. One instance
 * per asking node.
 */
public final class AnswerVerifier {
    private final PeerSignatures.Verifier signatures;

    /** Checks the signer's validity in time by the system clock. */
    public AnswerVerifier() {
        this(Clock.systemUTC());
    }

    /** Checks the signer's validity in time by {@code clock}, the node's. */
    public AnswerVerifier(Clock clock) {
        this.signatures = new PeerSignatures.Verifier(clock);
    }

    /**
     * Null when {@code response} is a valid signed answer of {@code peer} to the request hashed as given.
     * {@code wire} are the bytes it was parsed from: the signature is checked over them, never a re-encoding.
     */
    public String check(
            TrustSnapshot trust, String peer, byte[] requestHash, PeerLookupResponse response, byte[] wire) {
        if (response.getSignature().isEmpty()) {
            return "the answer is not signed";
        }
        if (!Arrays.equals(response.getRequestHash().toByteArray(), requestHash)) {
            return "the answer is bound to another request (request_hash differs)";
        }
        return signatures.check(
                trust,
                SignedKind.LOOKUP_ANSWER,
                peer,
                response.getSignerCertificatePem(),
                response.getSignerFingerprint(),
                response.getSignature().toByteArray(),
                d -> SignedResponses.feed(d, wire));
    }

    /** As {@link #check} for a blind evaluation ({@link SignedKind#BLIND_EVALUATION}). */
    public String checkEvaluation(
            TrustSnapshot trust, String peer, byte[] requestHash, BlindEvaluateResponse response, byte[] wire) {
        if (response.getSignature().isEmpty()) {
            return "the evaluation is not signed";
        }
        if (!Arrays.equals(response.getRequestHash().toByteArray(), requestHash)) {
            return "the evaluation is bound to another request (request_hash differs)";
        }
        return signatures.check(
                trust,
                SignedKind.BLIND_EVALUATION,
                peer,
                response.getSignerCertificatePem(),
                response.getSignerFingerprint(),
                response.getSignature().toByteArray(),
                d -> SignedWire.feedSigned(
                        d,
                        SignedKind.BLIND_EVALUATION.domain(),
                        wire,
                        BlindEvaluateResponse.SIGNATURE_FIELD_NUMBER,
                        BlindEvaluateResponse.SIGNER_FINGERPRINT_FIELD_NUMBER));
    }
}
