package org.jaring.core.oprf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Seeded properties over generated keys, inputs and randomness: the blind, evaluate, finalize round trip gives exactly
 * the server's direct Evaluate output (so the holder's tag index matches what askers compute), and any single flipped
 * bit of an answer, or a random 33-byte element, is either refused by name or (for the server) a valid point.
 */
class VoprfPropertiesTest {
    private static final String SEED = "20261207";

    /** A SecureRandom whose output is fixed by the seed, so that a failing try repeats. */
    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<List<byte[]>> inputs() {
        return Arbitraries.bytes()
                .array(byte[].class)
                .ofMaxSize(80)
                .list()
                .ofMinSize(1)
                .ofMaxSize(6);
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    @Property(seed = SEED, tries = 80)
    void finalizeEqualsServerEvaluate(
            @ForAll("seeds") byte[] keySeed, @ForAll("inputs") List<byte[]> inputs, @ForAll long randomSeed) {
        VoprfKeyPair key = Voprf.deriveKeyPair(keySeed, new byte[0]);
        VoprfServer server = new VoprfServer(key);
        VoprfClient client = new VoprfClient(key.publicKey());
        SecureRandom random = seeded(randomSeed);

        Blinded blinded = client.blind(inputs, random);
        assertThat(blinded.size()).isEqualTo(inputs.size());
        BlindEvaluation answer = server.blindEvaluate(blinded.blindedElements(), random);
        assertThat(answer.proof()).hasSize(Voprf.PROOF_LENGTH);
        List<byte[]> outputs = client.finalize(blinded, answer);

        assertThat(outputs).hasSize(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            assertThat(outputs.get(i))
                    .as("input %d", i)
                    .hasSize(Voprf.OUTPUT_LENGTH)
                    .isEqualTo(server.evaluate(inputs.get(i)));
        }
    }

    @Property(seed = SEED, tries = 60)
    void anyFlippedBitOfTheAnswerIsRefused(
            @ForAll("inputs") List<byte[]> inputs,
            @ForAll long randomSeed,
            @ForAll @IntRange(min = 0, max = 10_000) int where) {
        VoprfKeyPair key = Voprf.deriveKeyPair(new byte[32], "flip".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        VoprfClient client = new VoprfClient(key.publicKey());
        SecureRandom random = seeded(randomSeed);
        Blinded blinded = client.blind(inputs, random);
        BlindEvaluation answer = new VoprfServer(key).blindEvaluate(blinded.blindedElements(), random);

        int totalBits = (answer.evaluatedElements().size() * Voprf.ELEMENT_LENGTH + Voprf.PROOF_LENGTH) * 8;
        int bit = where % totalBits;
        List<byte[]> elements = new ArrayList<>(answer.evaluatedElements());
        byte[] proof = answer.proof();
        int byteIndex = bit / 8;
        String expected;
        if (byteIndex < elements.size() * Voprf.ELEMENT_LENGTH) {
            int element = byteIndex / Voprf.ELEMENT_LENGTH;
            byte[] flipped = elements.get(element).clone();
            flipped[byteIndex % Voprf.ELEMENT_LENGTH] ^= (byte) (1 << (bit % 8));
            elements.set(element, flipped);
            expected = "evaluated element " + element + "|proof does not verify";
        } else {
            proof[byteIndex - elements.size() * Voprf.ELEMENT_LENGTH] ^= (byte) (1 << (bit % 8));
            expected = "proof does not verify|not below the P-256 group order";
        }
        BlindEvaluation tampered = new BlindEvaluation(elements, proof);
        assertThatThrownBy(() -> client.finalize(blinded, tampered))
                .isInstanceOf(OprfException.class)
                .message()
                .containsPattern(expected);
    }

    @Property(seed = SEED, tries = 300)
    void theServerEvaluatesAValidPointOrRefusesItByIndex(
            @ForAll("elements") byte[] element, @ForAll @IntRange(min = 0, max = 3) int index) {
        VoprfServer server = new VoprfServer(Voprf.deriveKeyPair(new byte[32], new byte[0]));
        List<byte[]> batch = new ArrayList<>();
        SecureRandom random = seeded(index);
        for (int i = 0; i < index; i++) {
            batch.add(P256.serializeElement(
                    P256.multiplyGenerator(P256.randomScalar(random)).normalize()));
        }
        batch.add(element);
        try {
            BlindEvaluation answer = server.blindEvaluate(batch, random);
            assertThat(answer.evaluatedElements()).hasSize(index + 1);
            assertThat(P256.CURVE.decodePoint(element).isValid()).isTrue();
        } catch (OprfException refused) {
            assertThat(refused.getMessage()).contains("blinded element " + index);
        }
    }

    @Provide
    Arbitrary<byte[]> elements() {
        Arbitrary<byte[]> compressedLooking = Arbitraries.bytes()
                .array(byte[].class)
                .ofSize(32)
                .map(x -> {
                    byte[] e = new byte[33];
                    e[0] = (byte) (2 + (x[0] & 1));
                    System.arraycopy(x, 0, e, 1, 32);
                    return e;
                });
        return Arbitraries.oneOf(
                compressedLooking, Arbitraries.bytes().array(byte[].class).ofMaxSize(70));
    }
}
