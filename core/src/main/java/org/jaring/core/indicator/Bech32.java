package org.jaring.core.indicator;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Segregated-witness addresses (BIP-173 bech32 for witness version 0, BIP-350 bech32m for version 1 and up).
 * Both variants are checked against the version, so a v1 address with a bech32 checksum is refused as BIP-350
 * requires.
 */
public final class Bech32 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int BECH32_CONST = 1;
    private static final int BECH32M_CONST = 0x2bc830a3;
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    /** A decoded segwit address. */
    public record SegwitAddress(String hrp, int witnessVersion, byte[] program) {}

    private Bech32() {}

    /** Encodes a segwit address in lower case, choosing bech32 or bech32m by witness version. */
    public static String encodeSegwit(String hrp, int witnessVersion, byte[] program) {
        byte[] converted = convertBits(program, 8, 5, true);
        byte[] data = new byte[converted.length + 1];
        data[0] = (byte) witnessVersion;
        System.arraycopy(converted, 0, data, 1, converted.length);
        int constant = witnessVersion == 0 ? BECH32_CONST : BECH32M_CONST;
        int mod = polymod(concat(hrpExpand(hrp), data, new byte[6])) ^ constant;
        StringBuilder out = new StringBuilder(hrp).append('1');
        for (byte b : data) {
            out.append(CHARSET.charAt(b));
        }
        for (int i = 0; i < 6; i++) {
            out.append(CHARSET.charAt((mod >>> (5 * (5 - i))) & 31));
        }
        return out.toString();
    }

    /** Decodes and verifies a segwit address; the input may be all lower or all upper case. */
    public static SegwitAddress decodeSegwit(String text) throws InvalidIndicatorException {
        if (!text.equals(text.toLowerCase(Locale.ROOT)) && !text.equals(text.toUpperCase(Locale.ROOT))) {
            throw new InvalidIndicatorException("bech32 address mixes upper and lower case");
        }
        if (text.length() > 90) {
            throw new InvalidIndicatorException("bech32 address is longer than 90 characters");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int separator = lower.lastIndexOf('1');
        if (separator < 1 || separator + 7 > lower.length()) {
            throw new InvalidIndicatorException("bech32 address has no separator '1' followed by data");
        }
        String hrp = lower.substring(0, separator);
        byte[] data = new byte[lower.length() - separator - 1];
        for (int i = 0; i < data.length; i++) {
            char c = lower.charAt(separator + 1 + i);
            int value = CHARSET.indexOf(c);
            if (value < 0) {
                throw new InvalidIndicatorException("character '" + c + "' at position " + (separator + 2 + i)
                        + " is not bech32 (b, i, o and 1 are never used)");
            }
            data[i] = (byte) value;
        }
        int residue = polymod(concat(hrpExpand(hrp), data, new byte[0]));
        int version = data[0];
        if (version > 16) {
            throw new InvalidIndicatorException("witness version " + version + " is above 16");
        }
        int expected = version == 0 ? BECH32_CONST : BECH32M_CONST;
        if (residue != expected) {
            if (residue == (version == 0 ? BECH32M_CONST : BECH32_CONST)) {
                throw new InvalidIndicatorException("witness version " + version
                        + " address uses the wrong checksum variant ("
                        + (version == 0 ? "bech32m instead of bech32" : "bech32 instead of bech32m, see BIP-350")
                        + ")");
            }
            throw new InvalidIndicatorException("bech32 checksum does not match: a character is probably mistyped");
        }
        byte[] words = new byte[data.length - 7];
        System.arraycopy(data, 1, words, 0, words.length);
        byte[] program = convertBits(words, 5, 8, false);
        if (program == null) {
            throw new InvalidIndicatorException("bech32 address has invalid padding");
        }
        if (program.length < 2 || program.length > 40) {
            throw new InvalidIndicatorException("witness program of " + program.length + " bytes is outside 2 to 40");
        }
        if (version == 0 && program.length != 20 && program.length != 32) {
            throw new InvalidIndicatorException(
                    "witness version 0 program must be 20 or 32 bytes, not " + program.length);
        }
        return new SegwitAddress(hrp, version, program);
    }

    private static int polymod(byte[] values) {
        int chk = 1;
        for (byte v : values) {
            int top = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ (v & 0xff);
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) == 1) {
                    chk ^= GENERATOR[i];
                }
            }
        }
        return chk;
    }

    private static byte[] hrpExpand(String hrp) {
        byte[] out = new byte[hrp.length() * 2 + 1];
        for (int i = 0; i < hrp.length(); i++) {
            out[i] = (byte) (hrp.charAt(i) >>> 5);
            out[hrp.length() + 1 + i] = (byte) (hrp.charAt(i) & 31);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }

    /** Regroups bits; returns null when strict decoding finds non-zero padding or a partial group. */
    private static byte[] convertBits(byte[] in, int fromBits, int toBits, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxValue = (1 << toBits) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : in) {
            acc = (acc << fromBits) | (b & 0xff);
            bits += fromBits;
            while (bits >= toBits) {
                bits -= toBits;
                out.write((acc >>> bits) & maxValue);
            }
        }
        if (pad) {
            if (bits > 0) {
                out.write((acc << (toBits - bits)) & maxValue);
            }
        } else if (bits >= fromBits || ((acc << (toBits - bits)) & maxValue) != 0) {
            return null;
        }
        return out.toByteArray();
    }
}
