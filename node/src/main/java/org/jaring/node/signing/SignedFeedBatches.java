package org.jaring.node.signing;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.Objects;
import org.jaring.core.trust.SignedKind;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedRequest;

/**
 * Signed feed batches (docs/audit.md): the origin signs each batch bound to the hash of the Feed request (which
 * carries the caller's cursor) and to the sequence it continues from; the caller checks all of it, with the
 * same signer checks as lookup answers ({@link PeerSignatures}), before it applies anything.
 */
public final class SignedFeedBatches {
    private static final byte[] DOMAIN = SignedKind.FEED_BATCH.domain();

    private SignedFeedBatches() {}

    public static byte[] requestHash(FeedRequest request) {
        return PeerSignatures.hash(request.toByteArray());
    }

    /**
     * The batch signed with the node's current key and serialized for the wire: serialized once without the
     * signature fields, signed, then the two fields appended ({@link SignedWire}).
     */
    public static byte[] sign(NodeSigner signer, byte[] requestHash, long after, FeedBatch.Builder batch) {
        Objects.requireNonNull(signer, "signer");
        batch.setAfterSequence(after);
        NodeSigner.Key key = signer.current();
        byte[] unsigned = batch.setRequestHash(ByteString.copyFrom(requestHash))
                .setSignerCertificatePemBytes(key.certificatePemBytes())
                .clearSignature()
                .clearSignerFingerprint()
                .build()
                .toByteArray();
        byte[] signature = key.sign(DOMAIN, unsigned);
        return SignedWire.withSignature(
                unsigned,
                FeedBatch.SIGNATURE_FIELD_NUMBER,
                signature,
                FeedBatch.SIGNER_FINGERPRINT_FIELD_NUMBER,
                key.fingerprint());
    }

    /**
     * Null when {@code batch} is signed by {@code peer}, answers the request hashed as {@code requestHash},
     * continues from {@code expectedAfter} (the request's cursor for the first batch, the previous batch's
     * {@code through_sequence} after that) and is not empty; else why it must be refused. {@code signatures} remembers each
     * peer's accepted signer certificate across the batches of a sync. {@code wire} are the bytes {@code batch}
     * was parsed from: the signature is checked over them, never over a re-serialization.
     */
    public static String check(
            PeerSignatures.Verifier signatures,
            TrustSnapshot trust,
            String peer,
            byte[] requestHash,
            long expectedAfter,
            FeedBatch batch,
            byte[] wire) {
        if (batch.getSignature().isEmpty()) {
            return "the batch is not signed";
        }
        if (!Arrays.equals(batch.getRequestHash().toByteArray(), requestHash)) {
            return "the batch is bound to another request (request_hash differs)";
        }
        // Cursors are opaque (a per-peer permutation of the origin's sequence): they can be compared for equality,
        // never by order. Chaining is what stops a batch replayed, dropped or moved within or between streams.
        if (batch.getAfterSequence() != expectedAfter) {
            return "the batch continues from cursor " + Long.toUnsignedString(batch.getAfterSequence()) + ", expected "
                    + Long.toUnsignedString(expectedAfter);
        }
        if (batch.getItemsCount() == 0) {
            return "the batch is empty (an origin sends no batch when there is nothing new)";
        }
        return signatures.check(
                trust,
                SignedKind.FEED_BATCH,
                peer,
                batch.getSignerCertificatePem(),
                batch.getSignerFingerprint(),
                batch.getSignature().toByteArray(),
                d -> SignedWire.feedSigned(
                        d, DOMAIN, wire, FeedBatch.SIGNATURE_FIELD_NUMBER, FeedBatch.SIGNER_FINGERPRINT_FIELD_NUMBER));
    }
}
