package org.jaring.node.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedItem;
import org.jaring.v1.FeedRequest;
import org.jaring.v1.Hit;
import org.jaring.v1.IndicatorType;
import org.junit.jupiter.api.Test;

/**
 * Signed messages on the wire (SignedWire): the bytes a sender signs and sends parse into the signed message, the
 * receiver strips the signature fields from the bytes it got and hashes exactly what was signed, and no
 * re-serialization on either side can change what a signature covers.
 */
class SignedWireTest {
    private static final byte[] DOMAIN = "jaring-feed-batch-v1\0".getBytes(StandardCharsets.UTF_8);
    private static final int SIG = FeedBatch.SIGNATURE_FIELD_NUMBER;
    private static final int FP = FeedBatch.SIGNER_FINGERPRINT_FIELD_NUMBER;

    private static FeedBatch.Builder batch() {
        FeedBatch.Builder b = FeedBatch.newBuilder()
                .setThroughSequence(3)
                .setHeadSequence(9)
                .setContact(ContactPoint.newBuilder().setUnit("PDRM 24/7 desk").setEmail("desk@pdrm.example"));
        for (int s = 1; s <= 3; s++) {
            b.addItems(FeedItem.newBuilder()
                    .setSequence(s)
                    .setItemId("item-" + s)
                    .setHit(Hit.newBuilder()
                            .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                            .setValue("mule-" + s + ".example")));
        }
        return b;
    }

    private static byte[] digestOfSigned(byte[] wire) {
        MessageDigest d = PeerSignatures.sha256();
        SignedWire.feedSigned(d, DOMAIN, wire, SIG, FP);
        return d.digest();
    }

    private static byte[] sha256(byte[]... parts) {
        MessageDigest d = PeerSignatures.sha256();
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    @Test
    void theSentBytesParseIntoTheSignedMessageAndStripBackToWhatWasSigned() throws Exception {
        byte[] unsigned = batch().build().toByteArray();
        byte[] signature = {1, 2, 3, 4, 5};
        byte[] wire = SignedWire.withSignature(unsigned, SIG, signature, FP, "ab:cd");

        FeedBatch parsed = FeedBatch.parseFrom(wire);
        assertThat(parsed)
                .isEqualTo(batch().setSignature(ByteString.copyFrom(signature))
                        .setSignerFingerprint("ab:cd")
                        .build());
        assertThat(digestOfSigned(wire)).isEqualTo(sha256(DOMAIN, unsigned));
        // The same message encoded by protobuf (fields in number order, signature in the middle) strips to the
        // same bytes: signatures made before the wire rule, over re-serialized messages, verify unchanged.
        assertThat(digestOfSigned(parsed.toByteArray())).isEqualTo(sha256(DOMAIN, unsigned));
    }

    @Test
    void aSignatureCoversTheBytesAsSentEvenWhereReserializingWouldReorderThem() throws Exception {
        // Another encoder is free to write fields in another order: here the contact point comes first.
        FeedBatch whole = batch().build();
        byte[] contactFirst = concat(
                FeedBatch.newBuilder().setContact(whole.getContact()).build().toByteArray(),
                whole.toBuilder().clearContact().build().toByteArray());
        assertThat(FeedBatch.parseFrom(contactFirst)).isEqualTo(whole);
        assertThat(contactFirst).isNotEqualTo(whole.toByteArray());

        byte[] wire = SignedWire.withSignature(contactFirst, SIG, new byte[] {9, 9}, FP, "ab");
        assertThat(digestOfSigned(wire)).as("checked over the bytes as sent").isEqualTo(sha256(DOMAIN, contactFirst));
        assertThat(digestOfSigned(FeedBatch.parseFrom(wire).toByteArray()))
                .as("re-serializing would have moved the contact and broken the signature")
                .isNotEqualTo(sha256(DOMAIN, contactFirst));
    }

    @Test
    void everyCopyOfTheSignatureFieldsIsLeftOutAndAnyOtherChangedByteIsCovered() throws Exception {
        byte[] unsigned = batch().build().toByteArray();
        byte[] wire = SignedWire.withSignature(unsigned, SIG, new byte[] {7}, FP, "ab");
        // A second signature record in front: still not part of what is signed, so stripping gives the same bytes.
        byte[] twice = concat(
                FeedBatch.newBuilder()
                        .setSignature(ByteString.copyFrom(new byte[] {8}))
                        .build()
                        .toByteArray(),
                wire);
        assertThat(digestOfSigned(twice)).isEqualTo(sha256(DOMAIN, unsigned));

        for (int i = 0; i < unsigned.length; i++) {
            byte[] changed = wire.clone();
            changed[i] ^= 0x01;
            byte[] digest;
            try {
                digest = digestOfSigned(changed);
            } catch (IllegalArgumentException malformed) {
                continue; // refused outright: also never accepted
            }
            assertThat(digest).as("byte %d changed", i).isNotEqualTo(sha256(DOMAIN, unsigned));
        }
    }

    @Test
    void bytesThatAreNotAMessageAreRefusedWithAReason() {
        byte[] wire = SignedWire.withSignature(batch().build().toByteArray(), SIG, new byte[] {1}, FP, "ab");
        byte[] truncated = Arrays.copyOf(wire, wire.length - 5);
        assertThatThrownBy(() -> digestOfSigned(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the signed message is not well-formed");
    }

    @Test
    void aFeedBatchSignedForTheWireIsAcceptedAndAnAlteredOneIsNot() throws Exception {
        NationalCa ca = NationalCa.create(NodeId.of("MY-PDRM"));
        KeySource keys = KeySource.of(ca.issueNode(Duration.ofDays(1)));
        byte[] requestHash = SignedFeedBatches.requestHash(
                FeedRequest.newBuilder().setAfterSequence(0).build());
        byte[] wire = SignedFeedBatches.sign(new NodeSigner(keys), requestHash, 0, batch());
        FeedBatch parsed = FeedBatch.parseFrom(wire);

        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initVerify(keys.current().leaf().getPublicKey());
        jdk.update(DOMAIN);
        jdk.update(parsed.toBuilder()
                .clearSignature()
                .clearSignerFingerprint()
                .build()
                .toByteArray());
        assertThat(jdk.verify(parsed.getSignature().toByteArray()))
                .as("the JDK verifies it over the message as protobuf encodes it without the signature fields")
                .isTrue();
        assertThat(parsed.getSignerFingerprint())
                .isEqualTo(new NodeSigner(keys).current().fingerprint());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
