package org.jaring.node.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jaring.v1.IndicatorType;

/**
 * Key layouts of the column families. The type is one byte (the IndicatorType number, which jaring.v1 never
 * renumbers), then the canonical value in UTF-8. Canonical values never contain 0x00, so 0x00 separates
 * a value from what follows it.
 */
public final class Keys {
    private static final byte SEPARATOR = 0;

    private Keys() {}

    /** INDICATORS: type | value. */
    public static byte[] indicator(IndicatorType type, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[1 + v.length];
        key[0] = (byte) type.getNumber();
        System.arraycopy(v, 0, key, 1, v.length);
        return key;
    }

    /** CASE_INDICATORS: case_id | 0x00 | type | value. */
    public static byte[] caseIndicator(String caseId, IndicatorType type, String value) {
        byte[] c = caseId.getBytes(StandardCharsets.UTF_8);
        byte[] iv = indicator(type, value);
        return ByteBuffer.allocate(c.length + 1 + iv.length)
                .put(c)
                .put(SEPARATOR)
                .put(iv)
                .array();
    }

    /** The prefix shared by every CASE_INDICATORS key of one case. */
    public static byte[] caseIndicatorPrefix(String caseId) {
        byte[] c = caseId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(c.length + 1).put(c).put(SEPARATOR).array();
    }

    /** The (type, value) part of a CASE_INDICATORS key, given the length of its prefix. */
    public static byte[] indicatorPartOfCaseKey(byte[] caseKey, int prefixLength) {
        byte[] out = new byte[caseKey.length - prefixLength];
        System.arraycopy(caseKey, prefixLength, out, 0, out.length);
        return out;
    }

    /** EXPIRY: valid_until millis | type | value | 0x00 | case_id. Big-endian so keys sort by time. */
    public static byte[] expiry(long validUntilMillis, IndicatorType type, String value, String caseId) {
        byte[] iv = indicator(type, value);
        byte[] c = caseId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + iv.length + 1 + c.length)
                .putLong(validUntilMillis)
                .put(iv)
                .put(SEPARATOR)
                .put(c)
                .array();
    }

    public static long expiryMillis(byte[] expiryKey) {
        return ByteBuffer.wrap(expiryKey, 0, 8).getLong();
    }

    public static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
