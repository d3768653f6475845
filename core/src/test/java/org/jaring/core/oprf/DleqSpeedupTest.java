package org.jaring.core.oprf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The faster proof (Pippenger composites, cached key table, the configured generator) against the code it replaced,
 * on seeded batches of every size class: the same proof bytes for the same nonce, and the same verdict on a true
 * proof and on each kind of forgery. The RFC 9497 vectors (VoprfVectorsTest) pin the bytes to the RFC as well.
 */
class DleqSpeedupTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 17, 64, 70, 300})
    void sameProofAndSameVerdictsAsTheOldPath(int n) throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(2026L * n);
        Batch batch = new Batch(n, random);
        BigInteger r = P256.randomScalar(random);

        byte[] proof = Dleq.generateProof(Suite.VOPRF, batch.k, batch.b, batch.c, batch.encodedC, batch.encodedD, r);
        byte[] old =
                Dleq.generateProofBaseline(Suite.VOPRF, batch.k, batch.b, batch.c, batch.encodedC, batch.encodedD, r);
        assertThat(proof).isEqualTo(old);
        assertThat(batch.verify(proof, batch.d, batch.encodedD)).isTrue();
        assertThat(batch.verifyOld(proof, batch.d, batch.encodedD)).isTrue();

        byte[] flipped = proof.clone();
        flipped[40] ^= 0x01; // in s
        assertThat(batch.verify(flipped, batch.d, batch.encodedD)).isFalse();
        assertThat(batch.verifyOld(flipped, batch.d, batch.encodedD)).isFalse();

        // One evaluated element made with another key: the proof must not cover it.
        ECPoint[] forged = batch.d.clone();
        List<byte[]> forgedEncoded = new ArrayList<>(batch.encodedD);
        forged[n - 1] = batch.c[n - 1].multiply(batch.k.add(BigInteger.ONE)).normalize();
        forgedEncoded.set(n - 1, P256.serializeElement(forged[n - 1]));
        assertThat(batch.verify(proof, forged, forgedEncoded)).isFalse();
        assertThat(batch.verifyOld(proof, forged, forgedEncoded)).isFalse();

        if (n > 1) { // two evaluated elements swapped
            ECPoint[] swapped = batch.d.clone();
            List<byte[]> swappedEncoded = new ArrayList<>(batch.encodedD);
            swapped[0] = batch.d[1];
            swapped[1] = batch.d[0];
            swappedEncoded.set(0, batch.encodedD.get(1));
            swappedEncoded.set(1, batch.encodedD.get(0));
            assertThat(batch.verify(proof, swapped, swappedEncoded)).isFalse();
            assertThat(batch.verifyOld(proof, swapped, swappedEncoded)).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100})
    void aCachedKeyVerifiesAsAFreshOne(int n) throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(77L + n);
        VoprfServer server = new VoprfServer(Voprf.generateKeyPair(random));
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(("v" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (int round = 0; round < 3; round++) { // the second and third clients reuse the key's point and table
            VoprfClient client = new VoprfClient(server.publicKey());
            Blinded blinded = client.blind(inputs, random);
            List<byte[]> outputs = client.finalize(blinded, server.blindEvaluate(blinded.blindedElements(), random));
            for (int i = 0; i < n; i++) {
                assertThat(outputs.get(i)).isEqualTo(server.evaluate(inputs.get(i)));
            }
        }
        assertThat(P256.publicKey(server.publicKey(), "key")).isSameAs(P256.publicKey(server.publicKey(), "key"));
    }

    @org.junit.jupiter.api.Test
    void aRefusedKeyIsRefusedEveryTime() {
        byte[] offCurve = new byte[Voprf.ELEMENT_LENGTH];
        java.util.Arrays.fill(offCurve, (byte) 0xff); // x above the field prime
        offCurve[0] = 0x02;
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> new VoprfClient(offCurve)).isInstanceOf(OprfException.class);
        }
    }

    /** A batch evaluated with k: C, D and their encodings. */
    private static final class Batch {
        final BigInteger k;
        final byte[] b;
        final ECPoint pk;
        final ECPoint[] c;
        final ECPoint[] d;
        final List<byte[]> encodedC = new ArrayList<>();
        final List<byte[]> encodedD = new ArrayList<>();

        Batch(int n, SecureRandom random) {
            k = P256.randomScalar(random);
            VoprfKeyPair key = new VoprfKeyPair(k);
            b = key.publicKey();
            pk = key.publicPoint();
            c = new ECPoint[n];
            d = new ECPoint[n];
            for (int i = 0; i < n; i++) {
                c[i] = P256.multiplyGenerator(P256.randomScalar(random)).normalize();
                d[i] = c[i].multiply(k).normalize();
                encodedC.add(P256.serializeElement(c[i]));
                encodedD.add(P256.serializeElement(d[i]));
            }
        }

        boolean verify(byte[] proof, ECPoint[] ds, List<byte[]> encodedDs) {
            return Dleq.verifyProof(Suite.VOPRF, pk, b, c, encodedC, ds, encodedDs, proof);
        }

        boolean verifyOld(byte[] proof, ECPoint[] ds, List<byte[]> encodedDs) {
            return Dleq.verifyProofBaseline(Suite.VOPRF, pk, b, c, encodedC, ds, encodedDs, proof);
        }
    }
}
