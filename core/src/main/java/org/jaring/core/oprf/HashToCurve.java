package org.jaring.core.oprf;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;

/**
 * RFC 9380 hash_to_curve for suite P256_XMD:SHA-256_SSWU_RO_ (section 8.2): hash_to_field with expand_message_xmd
 * SHA-256 and L = 48 (section 5.2), the simplified SWU map with Z = -10 (section 6.6.2), cofactor 1. Also the
 * HashToScalar of RFC 9497 section 4.3, which is hash_to_field into the group order.
 */
final class HashToCurve {
    /** L = ceil((ceil(log2(p)) + k) / 8) with k = 128. */
    private static final int L = 48;

    private static final ECFieldElement A = P256.CURVE.getA();
    private static final ECFieldElement B = P256.CURVE.getB();
    private static final ECFieldElement Z = P256.CURVE.fromBigInteger(P256.FIELD.subtract(BigInteger.TEN));
    /** -B / A, used by step 2 of the map. */
    private static final ECFieldElement MINUS_B_OVER_A = B.negate().divide(A);
    /** B / (Z * A), the exceptional case of step 3. */
    private static final ECFieldElement B_OVER_ZA = B.divide(Z.multiply(A));

    private HashToCurve() {}

    static ECPoint hashToCurve(byte[] msg, byte[] dst) {
        BigInteger[] u = hashToField(msg, dst, 2, P256.FIELD);
        ECPoint q0 = mapToCurve(u[0]);
        ECPoint q1 = mapToCurve(u[1]);
        return q0.add(q1).normalize(); // clear_cofactor is the identity map: h_eff = 1
    }

    static BigInteger hashToScalar(byte[] msg, byte[] dst) {
        return hashToField(msg, dst, 1, P256.ORDER)[0];
    }

    static BigInteger[] hashToField(byte[] msg, byte[] dst, int count, BigInteger modulus) {
        byte[] uniform = ExpandMessageXmd.expand(msg, dst, count * L);
        BigInteger[] out = new BigInteger[count];
        for (int i = 0; i < count; i++) {
            out[i] = new BigInteger(1, Arrays.copyOfRange(uniform, i * L, (i + 1) * L)).mod(modulus);
        }
        return out;
    }

    /** Simplified SWU (RFC 9380 section 6.6.2), straight-line form of the steps there. */
    static ECPoint mapToCurve(BigInteger uValue) {
        ECFieldElement u = P256.CURVE.fromBigInteger(uValue);
        ECFieldElement zu2 = Z.multiply(u.square());
        ECFieldElement denominator = zu2.square().add(zu2); // Z^2 u^4 + Z u^2
        ECFieldElement x1 = denominator.isZero()
                ? B_OVER_ZA
                : MINUS_B_OVER_A.multiply(denominator.invert().addOne());
        ECFieldElement x = x1;
        ECFieldElement y = curveEquation(x1).sqrt(); // BouncyCastle returns null for a non-square
        if (y == null) {
            x = zu2.multiply(x1);
            y = curveEquation(x).sqrt();
            if (y == null) {
                throw new IllegalStateException("simplified SWU: neither candidate is square, which cannot happen");
            }
        }
        if (u.testBitZero() != y.testBitZero()) { // sgn0 for m = 1 is the parity
            y = y.negate();
        }
        return P256.CURVE.createPoint(x.toBigInteger(), y.toBigInteger());
    }

    private static ECFieldElement curveEquation(ECFieldElement x) {
        return x.square().add(A).multiply(x).add(B); // x^3 + A x + B
    }
}
