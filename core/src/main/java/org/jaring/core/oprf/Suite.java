package org.jaring.core.oprf;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The context string of RFC 9497 section 3.1 for one mode of P256-SHA256 and the operations it keys: HashToGroup,
 * HashToScalar, DeriveKeyPair (section 3.2.1) and the Finalize/Evaluate hash (section 3.3). Jaring uses only VOPRF;
 * the base OPRF mode is here so that the appendix A.3.1 vectors check the shared steps too.
 */
final class Suite {
    static final Suite OPRF = new Suite(0x00);
    static final Suite VOPRF = new Suite(0x01);

    private static final byte[] FINALIZE = ascii("Finalize");

    private final byte[] contextString;
    private final byte[] hashToGroupDst;
    private final byte[] hashToScalarDst;
    private final byte[] deriveKeyPairDst;
    private final byte[] seedDst;

    private Suite(int mode) {
        ByteArrayOutputStream context = new ByteArrayOutputStream();
        context.writeBytes(ascii("OPRFV1-"));
        context.write(mode);
        context.writeBytes(ascii("-" + Voprf.SUITE));
        this.contextString = context.toByteArray();
        this.hashToGroupDst = concat(ascii("HashToGroup-"), contextString);
        this.hashToScalarDst = concat(ascii("HashToScalar-"), contextString);
        this.deriveKeyPairDst = concat(ascii("DeriveKeyPair"), contextString);
        this.seedDst = concat(ascii("Seed-"), contextString);
    }

    ECPoint hashToGroup(byte[] input) {
        return HashToCurve.hashToCurve(input, hashToGroupDst);
    }

    BigInteger hashToScalar(byte[] msg) {
        return HashToCurve.hashToScalar(msg, hashToScalarDst);
    }

    byte[] seedDst() {
        return seedDst.clone();
    }

    /** DeriveKeyPair(seed, info), RFC 9497 section 3.2.1. */
    BigInteger deriveSecret(byte[] seed, byte[] info) {
        if (seed == null || seed.length != Voprf.SCALAR_LENGTH) {
            throw new OprfException("seed must be " + Voprf.SCALAR_LENGTH + " bytes of secret randomness");
        }
        if (info == null || info.length > 65535) {
            throw new OprfException("info must be given and at most 65535 bytes long");
        }
        byte[] deriveInput = concat(seed, lengthPrefixed(info));
        byte[] withCounter = concat(deriveInput, new byte[1]);
        for (int counter = 0; counter <= 255; counter++) {
            withCounter[withCounter.length - 1] = (byte) counter;
            BigInteger sk = HashToCurve.hashToScalar(withCounter, deriveKeyPairDst);
            if (sk.signum() != 0) {
                return sk;
            }
        }
        throw new OprfException("DeriveKeyPairError: no non-zero scalar in 256 tries; use another seed");
    }

    /** The Finalize and Evaluate hash: SHA-256 of the length-prefixed input and unblinded element, then "Finalize". */
    static byte[] finalizeHash(byte[] input, byte[] unblindedElement) {
        MessageDigest md = ExpandMessageXmd.sha256();
        md.update(lengthPrefixed(input));
        md.update(lengthPrefixed(unblindedElement));
        md.update(FINALIZE);
        return md.digest();
    }

    /** Refuses an input whose length does not fit the two-byte prefix of the Finalize hash. */
    static void checkInput(byte[] input, String what) {
        if (input == null) {
            throw new OprfException(what + " is missing");
        }
        if (input.length > 65535) {
            throw new OprfException(what + " is " + input.length + " bytes long: an OPRF input is at most 65535");
        }
    }

    /** I2OSP(len(x), 2) || x. */
    static byte[] lengthPrefixed(byte[] x) {
        byte[] out = new byte[x.length + 2];
        out[0] = (byte) (x.length >>> 8);
        out[1] = (byte) x.length;
        System.arraycopy(x, 0, out, 2, x.length);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
