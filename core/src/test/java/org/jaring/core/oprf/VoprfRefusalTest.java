package org.jaring.core.oprf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every way a peer can hand over bad bytes is refused with an OprfException that names what and which index: the
 * server refuses malformed blinded elements, the client refuses a tampered, swapped, replayed or foreign-key answer
 * and mismatched counts, and both refuse an empty batch.
 */
class VoprfRefusalTest {
    private static final VoprfKeyPair KEY = Voprf.deriveKeyPair(new byte[32], bytes("key one"));
    private static final VoprfKeyPair OTHER_KEY = Voprf.deriveKeyPair(new byte[32], bytes("key two"));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VoprfServer server = new VoprfServer(KEY);
    private final VoprfClient client = new VoprfClient(KEY.publicKey());

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Blinded blindTwo() {
        return client.blind(List.of(bytes("first"), bytes("second")), RANDOM);
    }

    /** A 33-byte compressed encoding whose x has no point on P-256. */
    private static byte[] offCurve() {
        for (int x = 1; ; x++) {
            byte[] e = new byte[33];
            e[0] = 0x02;
            e[32] = (byte) x;
            try {
                P256.CURVE.decodePoint(e);
            } catch (IllegalArgumentException notOnCurve) {
                return e;
            }
        }
    }

    private List<byte[]> withSecond(byte[] second) {
        List<byte[]> elements = new ArrayList<>(blindTwo().blindedElements());
        elements.set(1, second);
        return elements;
    }

    @Test
    void serverRefusesBadBlindedElementsNamingTheIndex() {
        byte[] uncompressed = P256.GENERATOR.getEncoded(false);
        byte[] beyondField = new byte[33];
        Arrays.fill(beyondField, (byte) 0xff);
        beyondField[0] = 0x02;
        byte[][] bad = {offCurve(), {0x00}, new byte[33], uncompressed, new byte[32], beyondField};
        String[] reasons = {
            "not a point on P-256",
            "is 1 bytes long",
            "does not start with 0x02 or 0x03",
            "is 65 bytes long",
            "is 32 bytes long",
            "not a point on P-256"
        };
        for (int i = 0; i < bad.length; i++) {
            byte[] element = bad[i];
            assertThatThrownBy(() -> server.blindEvaluate(withSecond(element), RANDOM))
                    .as(reasons[i])
                    .isInstanceOf(OprfException.class)
                    .hasMessageContaining("blinded element 1")
                    .hasMessageContaining(reasons[i]);
        }
        List<byte[]> withNull = new ArrayList<>(blindTwo().blindedElements());
        withNull.set(0, null);
        assertThatThrownBy(() -> server.blindEvaluate(withNull, RANDOM))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("blinded element 0 is missing");
    }

    @Test
    void emptyBatchesAreRefused() {
        assertThatThrownBy(() -> server.blindEvaluate(List.of(), RANDOM))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("blindedElements is empty");
        assertThatThrownBy(() -> client.blind(List.of(), RANDOM))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("inputs is empty");
    }

    @Test
    void tamperedProofIsRefused() {
        Blinded blinded = blindTwo();
        BlindEvaluation answer = server.blindEvaluate(blinded.blindedElements(), RANDOM);
        byte[] proof = answer.proof();
        proof[40] ^= 0x01;
        assertThatThrownBy(() -> client.finalize(blinded, new BlindEvaluation(answer.evaluatedElements(), proof)))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("proof does not verify");
    }

    @Test
    void proofScalarsBeyondTheOrderAreRefused() {
        Blinded blinded = blindTwo();
        BlindEvaluation answer = server.blindEvaluate(blinded.blindedElements(), RANDOM);
        byte[] proof = answer.proof();
        Arrays.fill(proof, 0, 32, (byte) 0xff);
        assertThatThrownBy(() -> client.finalize(blinded, new BlindEvaluation(answer.evaluatedElements(), proof)))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("challenge c is not below the P-256 group order");
    }

    @Test
    void swappedEvaluatedElementsAreRefused() {
        Blinded blinded = blindTwo();
        BlindEvaluation answer = server.blindEvaluate(blinded.blindedElements(), RANDOM);
        List<byte[]> swapped = List.of(
                answer.evaluatedElements().get(1), answer.evaluatedElements().get(0));
        assertThatThrownBy(() -> client.finalize(blinded, new BlindEvaluation(swapped, answer.proof())))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("proof does not verify");
    }

    @Test
    void anAnswerMadeWithAnotherKeyIsRefused() {
        Blinded blinded = blindTwo();
        BlindEvaluation foreign = new VoprfServer(OTHER_KEY).blindEvaluate(blinded.blindedElements(), RANDOM);
        assertThatThrownBy(() -> client.finalize(blinded, foreign))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("proof does not verify");
        // the right elements with a proof made for another key's elements
        BlindEvaluation right = server.blindEvaluate(blinded.blindedElements(), RANDOM);
        assertThatThrownBy(
                        () -> client.finalize(blinded, new BlindEvaluation(right.evaluatedElements(), foreign.proof())))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("proof does not verify");
    }

    @Test
    void anAnswerToAnotherBatchIsRefused() {
        Blinded blinded = blindTwo();
        BlindEvaluation other = server.blindEvaluate(blindTwo().blindedElements(), RANDOM);
        assertThatThrownBy(() -> client.finalize(blinded, other))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("proof does not verify");
    }

    @Test
    void badEvaluatedElementsAreRefusedNamingTheIndex() {
        Blinded blinded = blindTwo();
        BlindEvaluation answer = server.blindEvaluate(blinded.blindedElements(), RANDOM);
        for (byte[] bad : new byte[][] {offCurve(), new byte[33], new byte[34]}) {
            List<byte[]> elements = List.of(answer.evaluatedElements().get(0), bad);
            assertThatThrownBy(() -> client.finalize(blinded, new BlindEvaluation(elements, answer.proof())))
                    .isInstanceOf(OprfException.class)
                    .hasMessageContaining("evaluated element 1");
        }
    }

    @Test
    void wrongCountsAndProofLengthsAreRefused() {
        Blinded blinded = blindTwo();
        BlindEvaluation answer = server.blindEvaluate(blinded.blindedElements(), RANDOM);
        BlindEvaluation oneShort =
                new BlindEvaluation(answer.evaluatedElements().subList(0, 1), answer.proof());
        assertThatThrownBy(() -> client.finalize(blinded, oneShort))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("holds 1 evaluated elements for 2 blinded elements");
        BlindEvaluation shortProof = new BlindEvaluation(answer.evaluatedElements(), Arrays.copyOf(answer.proof(), 63));
        assertThatThrownBy(() -> client.finalize(blinded, shortProof))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("the proof is 63 bytes long");
        assertThatThrownBy(() -> client.finalize(blinded, new BlindEvaluation(answer.evaluatedElements(), null)))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("the proof is missing");
    }

    @Test
    void badServerKeysAndSecretsAreRefused() {
        assertThatThrownBy(() -> new VoprfClient(new byte[33]))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("the server public key");
        assertThatThrownBy(() -> new VoprfClient(offCurve()))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("the server public key is not a point");
        assertThatThrownBy(() -> new VoprfClient(null))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("the server public key is missing");
        assertThatThrownBy(() -> VoprfKeyPair.fromEncodedSecret(new byte[32]))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("[1, n-1]");
        assertThatThrownBy(() -> VoprfKeyPair.fromEncodedSecret(P256.serializeScalar(P256.ORDER)))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("[1, n-1]");
        assertThatThrownBy(() -> VoprfKeyPair.fromEncodedSecret(new byte[31]))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Voprf.deriveKeyPair(new byte[16], bytes("info")))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("seed must be 32 bytes");
    }

    @Test
    void oversizedInputsAreRefused() {
        assertThatThrownBy(() -> client.blind(List.of(bytes("ok"), new byte[65536]), RANDOM))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("input 1 is 65536 bytes long");
        assertThatThrownBy(() -> server.evaluate(new byte[65536]))
                .isInstanceOf(OprfException.class)
                .hasMessageContaining("at most 65535");
    }

    @Test
    void keyPairsRoundTripAndNeverShowTheSecret() {
        VoprfKeyPair copy = VoprfKeyPair.fromEncodedSecret(KEY.encodedSecret());
        assertThat(copy.publicKey()).isEqualTo(KEY.publicKey());
        assertThat(Voprf.deriveKeyPair(new byte[32], bytes("key one")).publicKey())
                .isEqualTo(KEY.publicKey());
        assertThat(OTHER_KEY.publicKey()).isNotEqualTo(KEY.publicKey());
        assertThat(KEY.toString()).doesNotContain(HexFormat.of().formatHex(KEY.encodedSecret()));
        assertThat(Voprf.generateKeyPair(RANDOM).publicKey()).hasSize(Voprf.ELEMENT_LENGTH);
    }
}
