package org.jaring.core.oprf;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Multi-scalar multiplication sum(k[i] * P[i]) for <b>public scalars only</b>: the proof's composite weights and
 * challenge/response, never a key, a proof nonce or a blind. It is variable time by design: which buckets are
 * touched, how many additions run and the window size all follow the scalars' bits, which is harmless when every
 * input is already on the wire or derived from it by a public hash.
 *
 * <p>Below {@link #BUCKETS_FROM} points it is BouncyCastle's interleaved wNAF ({@link ECAlgorithms#sumOfMultiplies});
 * from there on Pippenger's bucket method with signed digits and a window chosen by n, split over every core for a
 * large n (each core sums a slice, the slices' sums are added).
 */
final class Msm {
    /** Below this, bucket tables cost more than they save (measured with OprfCosts: 64 points about even). */
    static final int BUCKETS_FROM = 64;
    /** A slice per core from this many points on; below, one thread. */
    static final int SPLIT_FROM = 256;

    private static final int SCALAR_BITS = 256;

    private Msm() {}

    /** sum(scalars[i] * points[i]); the identity for no points. Scalars must be in [0, n) and public. */
    static ECPoint sum(ECPoint[] points, BigInteger[] scalars) {
        check(points, scalars);
        int n = points.length;
        if (n == 0) {
            return P256.CURVE.getInfinity();
        }
        if (n < BUCKETS_FROM) {
            return ECAlgorithms.sumOfMultiplies(points, scalars);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (n < SPLIT_FROM || cores < 2) {
            return buckets(points, scalars, 0, n);
        }
        int slices = Math.min(cores, n / (SPLIT_FROM / 2));
        ECPoint[] parts = IntStream.range(0, slices)
                .parallel()
                .mapToObj(s ->
                        buckets(points, scalars, (int) ((long) n * s / slices), (int) ((long) n * (s + 1) / slices)))
                .toArray(ECPoint[]::new);
        ECPoint total = P256.CURVE.getInfinity();
        for (ECPoint part : parts) {
            total = total.add(part);
        }
        return total;
    }

    /** The reference: one multiplication per point, then the additions. Used by the tests and OprfCosts only. */
    static ECPoint naive(ECPoint[] points, BigInteger[] scalars) {
        check(points, scalars);
        ECPoint total = P256.CURVE.getInfinity();
        for (int i = 0; i < points.length; i++) {
            total = total.add(points[i].multiply(scalars[i]));
        }
        return total;
    }

    /**
     * The window c minimizing the field multiplications: per window, n mixed additions into the buckets (about 11
     * each) and 2 * 2^(c-1) full additions to sum them (about 16 each).
     */
    static int window(int n) {
        int best = 2;
        long bestCost = Long.MAX_VALUE;
        for (int c = 2; c <= 16; c++) {
            long windows = SCALAR_BITS / c + 1L;
            long cost = windows * (11L * n + 32L * (1L << (c - 1)));
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
            }
        }
        return best;
    }

    /** Pippenger over points[from, to): signed c-bit digits, 2^(c-1) buckets per window, most significant first. */
    private static ECPoint buckets(ECPoint[] points, BigInteger[] scalars, int from, int to) {
        int n = to - from;
        int c = window(n);
        int windows = SCALAR_BITS / c + 1; // + 1: the last digit's carry
        int[][] digits = new int[n][];
        ECPoint[] affine = new ECPoint[n];
        ECPoint[] negated = new ECPoint[n];
        for (int i = 0; i < n; i++) {
            digits[i] = signedDigits(scalars[from + i], c, windows);
            affine[i] = points[from + i].normalize(); // affine inputs: mixed additions into the buckets
            negated[i] = affine[i].negate();
        }
        ECPoint infinity = P256.CURVE.getInfinity();
        ECPoint[] bucket = new ECPoint[1 << (c - 1)];
        ECPoint acc = infinity;
        for (int w = windows - 1; w >= 0; w--) {
            if (w != windows - 1) {
                acc = acc.timesPow2(c);
            }
            Arrays.fill(bucket, null);
            for (int i = 0; i < n; i++) {
                int d = digits[i][w];
                if (d > 0) {
                    bucket[d - 1] = bucket[d - 1] == null ? affine[i] : bucket[d - 1].add(affine[i]);
                } else if (d < 0) {
                    bucket[-d - 1] = bucket[-d - 1] == null ? negated[i] : bucket[-d - 1].add(negated[i]);
                }
            }
            // sum_j j * bucket[j-1] as a running sum: running = b[top] + ... + b[j], added once per j.
            ECPoint running = null;
            ECPoint windowSum = null;
            for (int j = bucket.length - 1; j >= 0; j--) {
                if (bucket[j] != null) {
                    running = running == null ? bucket[j] : running.add(bucket[j]);
                }
                if (running != null) {
                    windowSum = windowSum == null ? running : windowSum.add(running);
                }
            }
            if (windowSum != null) {
                acc = acc.add(windowSum);
            }
        }
        return acc;
    }

    /**
     * k as {@code windows} digits in [-2^(c-1), 2^(c-1)], k = sum d[w] * 2^(c*w): each c-bit window above 2^(c-1)
     * becomes negative with a carry into the next.
     */
    static int[] signedDigits(BigInteger k, int c, int windows) {
        int[] out = new int[windows];
        int half = 1 << (c - 1);
        int carry = 0;
        for (int w = 0; w < windows; w++) {
            int d = bits(k, w * c, c) + carry;
            carry = 0;
            if (d > half) {
                d -= 1 << c;
                carry = 1;
            }
            out[w] = d;
        }
        if (carry != 0) {
            throw new IllegalArgumentException("scalar too long for " + windows + " windows of " + c + " bits");
        }
        return out;
    }

    private static int bits(BigInteger k, int from, int count) {
        int v = 0;
        for (int b = count - 1; b >= 0; b--) {
            v = (v << 1) | (k.testBit(from + b) ? 1 : 0);
        }
        return v & ((1 << count) - 1);
    }

    private static void check(ECPoint[] points, BigInteger[] scalars) {
        if (points.length != scalars.length) {
            throw new IllegalArgumentException(points.length + " points for " + scalars.length + " scalars");
        }
        for (BigInteger k : scalars) {
            if (k.signum() < 0 || k.bitLength() > SCALAR_BITS) {
                throw new IllegalArgumentException("a multi-scalar multiplication takes scalars in [0, 2^256)");
            }
        }
    }
}
