package org.jaring.core.oprf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The public-scalar multi-scalar multiplication against the naive sum (one multiplication per point) on seeded
 * random inputs of every size class: empty, the interleaved-wNAF sizes, Pippenger's one-thread and split sizes, and
 * the edges where a bucket method goes wrong (repeated points, a point and its negation, zero and extreme scalars).
 */
class MsmTest {
    private static final BigInteger N = P256.ORDER;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 17, 63, 64, 65, 200, 255, 256, 257, 1000})
    void equalsTheNaiveSum(int n) {
        Random random = new Random(9497L * 31 + n);
        ECPoint[] points = randomPoints(n, random);
        BigInteger[] scalars = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            scalars[i] = new BigInteger(256, random).mod(N);
        }
        assertSame(Msm.sum(points, scalars), Msm.naive(points, scalars));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 64, 300})
    void repeatedPointsAndExtremeScalars(int n) {
        Random random = new Random(28L * n);
        ECPoint p = randomPoints(1, random)[0];
        ECPoint q = randomPoints(1, random)[0];
        BigInteger[] extremes = {
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.TWO,
            N.subtract(BigInteger.ONE),
            N.subtract(BigInteger.TWO),
            BigInteger.ONE.shiftLeft(255),
            BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE),
            BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE),
            new BigInteger("8080808080808080808080808080808080808080808080808080808080808080", 16),
        };
        ECPoint[] points = new ECPoint[n];
        BigInteger[] scalars = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            points[i] = i % 3 == 2 ? q : p; // the same point over and over lands in the same buckets
            scalars[i] = extremes[i % extremes.length];
        }
        assertSame(Msm.sum(points, scalars), Msm.naive(points, scalars));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 64, 130, 600})
    void cancellingTermsGiveTheIdentity(int n) {
        Random random = new Random(61L * n);
        ECPoint[] half = randomPoints(n / 2, random);
        ECPoint[] points = new ECPoint[n];
        BigInteger[] scalars = new BigInteger[n];
        for (int i = 0; i < n / 2; i++) {
            BigInteger k = new BigInteger(256, random).mod(N);
            points[2 * i] = half[i];
            scalars[2 * i] = k;
            points[2 * i + 1] = half[i].negate(); // k * P + k * (-P)
            scalars[2 * i + 1] = k;
        }
        assertThat(Msm.sum(points, scalars).isInfinity()).isTrue();
        // and P * k + P * (n - k): the same point, scalars that add to the order
        for (int i = 0; i < n / 2; i++) {
            points[2 * i + 1] = half[i];
            scalars[2 * i + 1] = N.subtract(scalars[2 * i]);
        }
        assertThat(Msm.sum(points, scalars).isInfinity()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 400})
    void identityPointsAndZeroScalarsAddNothing(int n) {
        Random random = new Random(17L * n);
        ECPoint[] points = randomPoints(n, random);
        BigInteger[] scalars = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            scalars[i] = i % 2 == 0 ? BigInteger.ZERO : new BigInteger(256, random).mod(N);
            if (i % 5 == 1) {
                points[i] = P256.CURVE.getInfinity();
            }
        }
        assertSame(Msm.sum(points, scalars), Msm.naive(points, scalars));
        BigInteger[] zeros = new BigInteger[n];
        java.util.Arrays.fill(zeros, BigInteger.ZERO);
        assertThat(Msm.sum(points, zeros).isInfinity()).isTrue();
    }

    @Test
    void unnormalizedInputsAreTaken() {
        Random random = new Random(5);
        ECPoint[] points = new ECPoint[150];
        BigInteger[] scalars = new BigInteger[150];
        for (int i = 0; i < points.length; i++) {
            ECPoint affine = randomPoints(1, random)[0];
            points[i] = affine.twice().add(affine); // Jacobian, Z != 1
            scalars[i] = new BigInteger(256, random).mod(N);
        }
        assertSame(Msm.sum(points, scalars), Msm.naive(points, scalars));
    }

    @Test
    void signedDigitsRebuildTheScalarForEveryWindow() {
        Random random = new Random(7);
        for (int c = 2; c <= 16; c++) {
            int windows = 256 / c + 1;
            for (int t = 0; t < 50; t++) {
                BigInteger k = t == 0 ? N.subtract(BigInteger.ONE) : new BigInteger(256, random);
                int[] digits = Msm.signedDigits(k, c, windows);
                BigInteger rebuilt = BigInteger.ZERO;
                for (int w = windows - 1; w >= 0; w--) {
                    assertThat(Math.abs(digits[w])).isLessThanOrEqualTo(1 << (c - 1));
                    rebuilt = rebuilt.shiftLeft(c).add(BigInteger.valueOf(digits[w]));
                }
                assertThat(rebuilt).as("c=%d", c).isEqualTo(k);
            }
        }
    }

    @Test
    void windowGrowsWithTheBatch() {
        assertThat(Msm.window(1)).isLessThanOrEqualTo(Msm.window(100));
        assertThat(Msm.window(100)).isLessThanOrEqualTo(Msm.window(1000));
        assertThat(Msm.window(1000)).isLessThanOrEqualTo(Msm.window(65535));
    }

    private static ECPoint[] randomPoints(int n, Random random) {
        ECPoint[] points = new ECPoint[n];
        for (int i = 0; i < n; i++) {
            byte[] input = new byte[16];
            random.nextBytes(input);
            points[i] = Suite.VOPRF.hashToGroup(input);
        }
        return points;
    }

    private static void assertSame(ECPoint actual, ECPoint expected) {
        if (expected.isInfinity()) {
            assertThat(actual.isInfinity()).isTrue();
            return;
        }
        assertThat(actual.isInfinity()).isFalse();
        assertThat(actual.normalize().getEncoded(true))
                .isEqualTo(expected.normalize().getEncoded(true));
    }
}
