package org.jaring.core.oprf;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/** TEMPORARY stand-in until h-oprf lands: NOT RFC 9497 (try-and-increment hash to curve). */
final class Group {
    static final X9ECParameters P = CustomNamedCurves.getByName("P-256");
    static final ECCurve CURVE = P.getCurve();
    static final ECPoint G = P.getG();
    static final BigInteger N = P.getN();

    private Group() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECPoint hashToCurve(byte[] input) {
        for (int i = 0; ; i++) {
            MessageDigest d = sha256();
            d.update(input);
            d.update(ByteBuffer.allocate(4).putInt(i).array());
            byte[] x = d.digest();
            byte[] enc = new byte[33];
            enc[0] = 2;
            System.arraycopy(x, 0, enc, 1, 32);
            try {
                return CURVE.decodePoint(enc);
            } catch (IllegalArgumentException e) {
                // not on the curve: next counter
            }
        }
    }

    static ECPoint decode(byte[] e, String what) {
        if (e == null || e.length != Voprf.ELEMENT_LENGTH) {
            throw new OprfException(what + ": not " + Voprf.ELEMENT_LENGTH + " bytes");
        }
        try {
            ECPoint p = CURVE.decodePoint(e);
            if (p.isInfinity()) {
                throw new OprfException(what + ": the identity element");
            }
            return p;
        } catch (IllegalArgumentException ex) {
            throw new OprfException(what + ": not a point on P-256");
        }
    }

    static byte[] scalar(BigInteger s) {
        byte[] out = new byte[32];
        byte[] b = s.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    static BigInteger randomScalar(SecureRandom random) {
        BigInteger k;
        do {
            k = new BigInteger(256, random);
        } while (k.signum() == 0 || k.compareTo(N) >= 0);
        return k;
    }

    static BigInteger hashScalar(byte[]... parts) {
        MessageDigest d = sha256();
        for (byte[] p : parts) {
            d.update(ByteBuffer.allocate(4).putInt(p.length).array());
            d.update(p);
        }
        return new BigInteger(1, d.digest()).mod(N);
    }

    /** Composite (M, Z) of a batch, weighted by hashes of the whole batch. */
    static ECPoint[] composite(byte[] pk, java.util.List<byte[]> c, java.util.List<byte[]> d) {
        ECPoint m = CURVE.getInfinity();
        ECPoint z = CURVE.getInfinity();
        for (int i = 0; i < c.size(); i++) {
            BigInteger di = hashScalar(pk, ByteBuffer.allocate(4).putInt(i).array(), c.get(i), d.get(i));
            m = m.add(decode(c.get(i), "element " + i).multiply(di));
            z = z.add(decode(d.get(i), "element " + i).multiply(di));
        }
        return new ECPoint[] {m.normalize(), z.normalize()};
    }
}
