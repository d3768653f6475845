package org.jaring.core.oprf;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.WNafUtil;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.util.encoders.Hex;

/**
 * The prime-order group of RFC 9497 section 4.3 (P-256): element and scalar encodings, random scalars and generator
 * multiplication, on BouncyCastle's dedicated secp256r1 field arithmetic.
 */
final class P256 {
    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256r1");
    static final ECCurve CURVE = PARAMS.getCurve();
    /**
     * G, configured so that BouncyCastle caches a wider wNAF table for it (used by the verifier's s*G + c*B, public
     * scalars); secret multiples of G use {@link #multiplyGenerator}, the comb.
     */
    static final ECPoint GENERATOR = configuredGenerator();
    /** A second G without that configuration: only the pre-speed-up reference path of {@link Dleq} uses it. */
    static final ECPoint GENERATOR_UNCONFIGURED = CURVE.createPoint(
            PARAMS.getG().getAffineXCoord().toBigInteger(),
            PARAMS.getG().getAffineYCoord().toBigInteger());

    static final BigInteger ORDER = PARAMS.getN();
    static final BigInteger FIELD = CURVE.getField().getCharacteristic();
    /** Comb with a table precomputed once for G: several times faster than a variable-base multiplication. */
    private static final FixedPointCombMultiplier COMB = new FixedPointCombMultiplier();

    private P256() {}

    /** Batches at least this large spread their scalar multiplications over every core. */
    static final int PARALLEL_FROM = 16;

    /** Decoded public keys by encoding: a key's point keeps BouncyCastle's wNAF table, so it is built once per key. */
    private static final ConcurrentHashMap<String, ECPoint> KEYS = new ConcurrentHashMap<>();
    /** A node talks to tens of peers with two live epochs each; past this the cache is simply emptied. */
    private static final int CACHED_KEYS = 256;

    private static ECPoint configuredGenerator() {
        ECPoint g = CURVE.createPoint(
                PARAMS.getG().getAffineXCoord().toBigInteger(),
                PARAMS.getG().getAffineYCoord().toBigInteger());
        WNafUtil.configureBasepoint(g);
        return g;
    }

    /**
     * A server public key as {@link #deserializeElement} decodes it, the same point object for the same bytes, so
     * that the verifier's c*B reuses its precomputed table across answers (the key is public). A refused key is
     * never cached.
     */
    static ECPoint publicKey(byte[] encoded, String what) {
        if (encoded == null || encoded.length != Voprf.ELEMENT_LENGTH) {
            return deserializeElement(encoded, what);
        }
        String id = Hex.toHexString(encoded);
        ECPoint cached = KEYS.get(id);
        if (cached != null) {
            return cached;
        }
        ECPoint point = deserializeElement(encoded, what);
        if (KEYS.size() >= CACHED_KEYS) {
            KEYS.clear();
        }
        ECPoint raced = KEYS.putIfAbsent(id, point);
        return raced == null ? point : raced;
    }

    /**
     * {@code points[i] = op(i)} for every i, on every core for a large batch. Only arithmetic goes here: what can
     * refuse an element (decoding, checks) runs before, in order, so a refusal always names the first bad index.
     */
    static ECPoint[] each(int n, java.util.function.IntFunction<ECPoint> op) {
        java.util.stream.IntStream indexes = java.util.stream.IntStream.range(0, n);
        return (n >= PARALLEL_FROM ? indexes.parallel() : indexes).mapToObj(op).toArray(ECPoint[]::new);
    }

    static ECPoint multiplyGenerator(BigInteger k) {
        return COMB.multiply(GENERATOR, k);
    }

    /** RFC 9497 RandomScalar: uniform in [1, n-1]. */
    static BigInteger randomScalar(SecureRandom random) {
        return BigIntegers.createRandomInRange(BigInteger.ONE, ORDER.subtract(BigInteger.ONE), random);
    }

    /** SerializeElement: SEC1 compressed form, 33 bytes. The identity has no encoding here. */
    static byte[] serializeElement(ECPoint point) {
        if (point.isInfinity()) {
            throw new IllegalStateException("the identity element is never serialized");
        }
        return point.getEncoded(true);
    }

    /**
     * DeserializeElement: refuses anything but a 33-byte compressed point on the curve that is not the identity.
     * {@code what} names the element for the message, e.g. "blinded element 3".
     */
    static ECPoint deserializeElement(byte[] encoded, String what) {
        if (encoded == null) {
            throw new OprfException(what + " is missing: send a " + Voprf.ELEMENT_LENGTH + "-byte compressed point");
        }
        if (encoded.length != Voprf.ELEMENT_LENGTH) {
            throw new OprfException(what + " is " + encoded.length + " bytes long: a P-256 element is "
                    + Voprf.ELEMENT_LENGTH + " bytes (SEC1 compressed)");
        }
        if (encoded[0] != 0x02 && encoded[0] != 0x03) {
            throw new OprfException(what + " does not start with 0x02 or 0x03: only SEC1 compressed points are taken");
        }
        ECPoint point;
        try {
            point = CURVE.decodePoint(encoded);
        } catch (IllegalArgumentException e) {
            throw new OprfException(what + " is not a point on P-256", e);
        }
        if (point.isInfinity() || !point.isValid()) {
            throw new OprfException(what + " is not a valid non-identity point on P-256");
        }
        return point;
    }

    static byte[] serializeScalar(BigInteger k) {
        return BigIntegers.asUnsignedByteArray(Voprf.SCALAR_LENGTH, k);
    }

    /** DeserializeScalar: 32 bytes big-endian, refused when not below the group order. */
    static BigInteger deserializeScalar(byte[] bytes, int offset, String what) {
        BigInteger k = BigIntegers.fromUnsignedByteArray(bytes, offset, Voprf.SCALAR_LENGTH);
        if (k.compareTo(ORDER) >= 0) {
            throw new OprfException(what + " is not below the P-256 group order");
        }
        return k;
    }
}
