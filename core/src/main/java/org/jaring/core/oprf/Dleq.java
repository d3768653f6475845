package org.jaring.core.oprf;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.IntStream;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The batched discrete-log-equality proof of RFC 9497 section 2.2 with A = G: it shows that every D[i] = k * C[i]
 * for the k with B = k * G, without revealing k. Composites are computed with one multi-scalar multiplication
 * ({@link Msm}: interleaved wNAF for a few elements, Pippenger's buckets for many) instead of one multiplication per
 * element; only public scalars go into it.
 */
final class Dleq {
    private static final byte[] COMPOSITE = Suite.ascii("Composite");
    private static final byte[] CHALLENGE = Suite.ascii("Challenge");

    private Dleq() {}

    /**
     * GenerateProof(k, G, B, C, D) with ComputeCompositesFast; {@code r} is the proof random scalar. The composite
     * M = sum d[i] * C[i] has public weights and points, so it is a variable-time {@link Msm}; k and r, the secrets,
     * go only through BouncyCastle's multipliers (Z = k * M, t3 = r * M, and the comb for t2 = r * G).
     */
    static byte[] generateProof(
            Suite suite,
            BigInteger k,
            byte[] encodedB,
            ECPoint[] c,
            List<byte[]> encodedC,
            List<byte[]> encodedD,
            BigInteger r) {
        ECPoint m = Msm.sum(c, compositeWeights(suite, encodedB, encodedC, encodedD))
                .normalize();
        if (m.isInfinity()) {
            throw new OprfException("the blinded elements combine to the identity element: blind them again");
        }
        ECPoint[] proofPoints = {m, m.multiply(k), P256.multiplyGenerator(r), m.multiply(r)};
        P256.CURVE.normalizeAll(proofPoints); // one field inversion for the four instead of one each
        BigInteger challenge = challenge(suite, encodedB, proofPoints);
        BigInteger s = r.subtract(challenge.multiply(k)).mod(P256.ORDER);
        return Suite.concat(P256.serializeScalar(challenge), P256.serializeScalar(s));
    }

    /**
     * VerifyProof(G, B, C, D, proof) with ComputeComposites; returns whether the proof holds. Every input is public
     * (on the wire, or a public hash of it), so all of it is variable time: M and Z as {@link Msm} sums, t2 = s*G + c*B
     * and t3 = s*M + c*Z each as one interleaved (Shamir) double multiplication, G with BouncyCastle's wider cached
     * table and B's table cached on the key's point (see {@link P256#publicKey}). M and Z are needed in clear for the
     * challenge hash, so t3 is computed from them (two points), not as one 2n-point sum over C and D.
     */
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
        ECPoint m = Msm.sum(c, weights);
        ECPoint z = Msm.sum(d, weights);
        if (m.isInfinity() || z.isInfinity()) {
            return false;
        }
        ECPoint[] proofPoints = {
            m,
            z,
            ECAlgorithms.sumOfTwoMultiplies(P256.GENERATOR, s, b, challenge),
            ECAlgorithms.sumOfTwoMultiplies(m, s, z, challenge)
        };
        if (proofPoints[2].isInfinity() || proofPoints[3].isInfinity()) {
            return false;
        }
        P256.CURVE.normalizeAll(proofPoints);
        BigInteger expected = challenge(suite, encodedB, proofPoints);
        return MessageDigest.isEqual(P256.serializeScalar(expected), P256.serializeScalar(challenge));
    }

    /** The proof generation before the speed-ups, kept as the reference for tests and {@link OprfCosts}. */
    static byte[] generateProofBaseline(
            Suite suite,
            BigInteger k,
            byte[] encodedB,
            ECPoint[] c,
            List<byte[]> encodedC,
            List<byte[]> encodedD,
            BigInteger r) {
        ECPoint m = ECAlgorithms.sumOfMultiplies(c, compositeWeightsSequential(suite, encodedB, encodedC, encodedD))
                .normalize();
        if (m.isInfinity()) {
            throw new OprfException("the blinded elements combine to the identity element: blind them again");
        }
        ECPoint z = m.multiply(k);
        ECPoint t2 = P256.multiplyGenerator(r);
        ECPoint t3 = m.multiply(r);
        BigInteger challenge = challenge(suite, encodedB, new ECPoint[] {m, z, t2, t3});
        BigInteger s = r.subtract(challenge.multiply(k)).mod(P256.ORDER);
        return Suite.concat(P256.serializeScalar(challenge), P256.serializeScalar(s));
    }

    /** The verification before the speed-ups, kept as the reference for tests and {@link OprfCosts}. */
    static boolean verifyProofBaseline(
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
        BigInteger[] weights = compositeWeightsSequential(suite, encodedB, encodedC, encodedD);
        ECPoint m = ECAlgorithms.sumOfMultiplies(c, weights);
        ECPoint z = ECAlgorithms.sumOfMultiplies(d, weights);
        if (m.isInfinity() || z.isInfinity()) {
            return false;
        }
        ECPoint t2 = ECAlgorithms.sumOfTwoMultiplies(P256.GENERATOR_UNCONFIGURED, s, b, challenge);
        ECPoint t3 = ECAlgorithms.sumOfTwoMultiplies(m, s, z, challenge);
        if (t2.isInfinity() || t3.isInfinity()) {
            return false;
        }
        BigInteger expected = challenge(suite, encodedB, new ECPoint[] {m, z, t2, t3});
        return MessageDigest.isEqual(P256.serializeScalar(expected), P256.serializeScalar(challenge));
    }

    /**
     * The d[i] of ComputeComposites: HashToScalar over a seed bound to B and the i-th pair (C[i], D[i]). Each is
     * independent of the others, so a large batch hashes them on every core.
     */
    static BigInteger[] compositeWeights(Suite suite, byte[] encodedB, List<byte[]> encodedC, List<byte[]> encodedD) {
        byte[] seed = seed(suite, encodedB);
        IntStream indexes = IntStream.range(0, encodedC.size());
        return (encodedC.size() >= P256.PARALLEL_FROM ? indexes.parallel() : indexes)
                .mapToObj(i -> weight(suite, seed, i, encodedC.get(i), encodedD.get(i)))
                .toArray(BigInteger[]::new);
    }

    private static BigInteger[] compositeWeightsSequential(
            Suite suite, byte[] encodedB, List<byte[]> encodedC, List<byte[]> encodedD) {
        byte[] seed = seed(suite, encodedB);
        BigInteger[] weights = new BigInteger[encodedC.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = weight(suite, seed, i, encodedC.get(i), encodedD.get(i));
        }
        return weights;
    }

    private static byte[] seed(Suite suite, byte[] encodedB) {
        MessageDigest md = ExpandMessageXmd.sha256();
        md.update(Suite.lengthPrefixed(encodedB));
        md.update(Suite.lengthPrefixed(suite.seedDst()));
        return Suite.lengthPrefixed(md.digest());
    }

    private static BigInteger weight(Suite suite, byte[] seed, int i, byte[] encodedC, byte[] encodedD) {
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        transcript.writeBytes(seed);
        transcript.write(i >>> 8);
        transcript.write(i);
        transcript.writeBytes(Suite.lengthPrefixed(encodedC));
        transcript.writeBytes(Suite.lengthPrefixed(encodedD));
        transcript.writeBytes(COMPOSITE);
        return suite.hashToScalar(transcript.toByteArray());
    }

    /** The challenge over B and {M, Z, t2, t3}, in that order. */
    private static BigInteger challenge(Suite suite, byte[] encodedB, ECPoint[] mzt2t3) {
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        transcript.writeBytes(Suite.lengthPrefixed(encodedB));
        for (ECPoint p : mzt2t3) {
            transcript.writeBytes(Suite.lengthPrefixed(P256.serializeElement(p)));
        }
        transcript.writeBytes(CHALLENGE);
        return suite.hashToScalar(transcript.toByteArray());
    }
}
