package org.jaring.core.indicator;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Bitcoin-style Base58 with a 4-byte double-SHA-256 checksum; used by BTC, LTC, DOGE and TRON addresses. */
public final class Base58Check {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);

    private Base58Check() {}

    /** Encodes payload followed by its checksum. */
    public static String encode(byte[] payload) {
        byte[] checksum = Arrays.copyOf(doubleSha256(payload), 4);
        byte[] all = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(checksum, 0, all, payload.length, 4);
        return encodeRaw(all);
    }

    /**
     * Decodes and verifies; returns the payload without checksum.
     *
     * @throws InvalidIndicatorException naming the offending character or the checksum failure
     */
    public static byte[] decode(String text) throws InvalidIndicatorException {
        byte[] all = decodeRaw(text);
        if (all.length < 5) {
            throw new InvalidIndicatorException("too short for a Base58Check address");
        }
        byte[] payload = Arrays.copyOf(all, all.length - 4);
        byte[] expected = Arrays.copyOf(doubleSha256(payload), 4);
        if (!Arrays.equals(expected, Arrays.copyOfRange(all, all.length - 4, all.length))) {
            throw new InvalidIndicatorException(
                    "Base58Check checksum does not match: a character is probably mistyped");
        }
        return payload;
    }

    static boolean isBase58(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (ALPHABET.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    private static String encodeRaw(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        BigInteger n = new BigInteger(1, bytes);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        // Leading zero bytes carry meaning (version 0x00 is the '1' of BTC addresses) and vanish in the number.
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    /**
     * Base58 digits to bytes by repeated long division of the digit array by 256, the usual decoder without big
     * numbers: an address of 34 digits takes a few hundred small steps, where a BigInteger built digit by digit
     * allocated a number per digit (wallets cost more to make canonical than any type but phone numbers).
     */
    private static byte[] decodeRaw(String text) throws InvalidIndicatorException {
        int n = text.length();
        byte[] digits = new byte[n];
        for (int i = 0; i < n; i++) {
            int digit = ALPHABET.indexOf(text.charAt(i));
            if (digit < 0) {
                throw new InvalidIndicatorException("character '" + text.charAt(i) + "' at position " + (i + 1)
                        + " is not Base58 (0, O, I and l are never used)");
            }
            digits[i] = (byte) digit;
        }
        // Leading '1's are leading zero bytes: they carry meaning (version 0x00 is the '1' of BTC addresses).
        int zeros = 0;
        while (zeros < n && digits[zeros] == 0) {
            zeros++;
        }
        byte[] out = new byte[n];
        int outStart = n;
        for (int start = zeros; start < n; ) {
            out[--outStart] = (byte) divide(digits, start);
            if (digits[start] == 0) {
                start++;
            }
        }
        while (outStart < n && out[outStart] == 0) {
            outStart++;
        }
        return Arrays.copyOfRange(out, outStart - zeros, n);
    }

    /** Divides the base-58 number digits[start..] by 256 in place; returns the remainder. */
    private static int divide(byte[] digits, int start) {
        int remainder = 0;
        for (int i = start; i < digits.length; i++) {
            int value = remainder * 58 + (digits[i] & 0xff);
            digits[i] = (byte) (value / 256);
            remainder = value % 256;
        }
        return remainder;
    }

    private static byte[] doubleSha256(byte[] data) {
        MessageDigest sha = SHA256.get();
        return sha.digest(sha.digest(data));
    }

    /** One digest per thread: looking SHA-256 up in the providers cost as much as hashing an address twice. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });
}
