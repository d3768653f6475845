package org.jaring.core.oprf;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.List;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The batched discrete-log-equality proof of RFC 9497 section 2.2 with A = G: it shows that every D[i] = k * C[i]
 * for the k with B = k * G, without revealing k. Composites are computed with one multi-scalar multiplication
 * (BouncyCastle's interleaved wNAF) instead of one multiplication per element.
 */
final class Dleq {
    private static final byte[] COMPOSITE = Suite.ascii("Composite");
    private static final byte[] CHALLENGE = Suite.ascii("Challenge");

    private Dleq() {}

    /** GenerateProof(k, G, B, C, D) with ComputeCompositesFast; {@code r} is the proof random scalar. */
    static byte[] generateProof(
            Suite suite,
            BigInteger k,
            byte[] encodedB,
            ECPoint[] c,
            List<byte[]> encodedC,
            List<byte[]> encodedD,
            BigInteger r) {
        ECPoint m = ECAlgorithms.sumOfMultiplies(c, compositeWeights(suite, encodedB, encodedC, encodedD))
                .normalize();
        if (m.isInfinity()) {
            throw new OprfException("the blinded elements combine to the identity element: blind them again");
        }
        ECPoint z = m.multiply(k);
        ECPoint t2 = P256.multiplyGenerator(r);
        ECPoint t3 = m.multiply(r);
        BigInteger challenge = challenge(suite, encodedB, m, z, t2, t3);
        BigInteger s = r.subtract(challenge.multiply(k)).mod(P256.ORDER);
        return Suite.concat(P256.serializeScalar(challenge), P256.serializeScalar(s));
    }

    /** VerifyProof(G, B, C, D, proof) with ComputeComposites; returns whether the proof holds. */
    static boolean verifyProof(
            Suite suite,
            ECPoint b,
            byte[] encodedB,
            ECPoint[] c,
            List<byte[]> encodedC,
            ECPoint[] d,
            List<byte[]> encodedD,
            byte[] proof) {
        BigInteger challenge = P256.deserializeScalar(proof, 0, "the proof's challenge c");
        BigInteger s = P256.deserializeScalar(proof, Voprf.SCALAR_LENGTH, "the proof's response s");
        BigInteger[] weights = compositeWeights(suite, encodedB, encodedC, encodedD);
        ECPoint m = ECAlgorithms.sumOfMultiplies(c, weights);
        ECPoint z = ECAlgorithms.sumOfMultiplies(d, weights);
        if (m.isInfinity() || z.isInfinity()) {
            return false;
        }
        ECPoint t2 = ECAlgorithms.sumOfTwoMultiplies(P256.GENERATOR, s, b, challenge);
        ECPoint t3 = ECAlgorithms.sumOfTwoMultiplies(m, s, z, challenge);
        if (t2.isInfinity() || t3.isInfinity()) {
            return false;
        }
        BigInteger expected = challenge(suite, encodedB, m, z, t2, t3);
        return MessageDigest.isEqual(P256.serializeScalar(expected), P256.serializeScalar(challenge));
    }

    /** The d[i] of ComputeComposites: HashToScalar over a seed bound to B and the i-th pair (C[i], D[i]). */
    private static BigInteger[] compositeWeights(
            Suite suite, byte[] encodedB, List<byte[]> encodedC, List<byte[]> encodedD) {
        MessageDigest md = ExpandMessageXmd.sha256();
        md.update(Suite.lengthPrefixed(encodedB));
        md.update(Suite.lengthPrefixed(suite.seedDst()));
        byte[] seed = Suite.lengthPrefixed(md.digest());
        BigInteger[] weights = new BigInteger[encodedC.size()];
        for (int i = 0; i < weights.length; i++) {
            ByteArrayOutputStream transcript = new ByteArrayOutputStream();
            transcript.writeBytes(seed);
            transcript.write(i >>> 8);
            transcript.write(i);
            transcript.writeBytes(Suite.lengthPrefixed(encodedC.get(i)));
            transcript.writeBytes(Suite.lengthPrefixed(encodedD.get(i)));
            transcript.writeBytes(COMPOSITE);
            weights[i] = suite.hashToScalar(transcript.toByteArray());
        }
        return weights;
    }

    private static BigInteger challenge(Suite suite, byte[] encodedB, ECPoint m, ECPoint z, ECPoint t2, ECPoint t3) {
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        transcript.writeBytes(Suite.lengthPrefixed(encodedB));
        for (ECPoint p : new ECPoint[] {m, z, t2, t3}) {
            transcript.writeBytes(Suite.lengthPrefixed(P256.serializeElement(p)));
        }
        transcript.writeBytes(CHALLENGE);
        return suite.hashToScalar(transcript.toByteArray());
    }
}
