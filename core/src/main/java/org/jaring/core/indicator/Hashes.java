package org.jaring.core.indicator;

import java.util.Locale;
import org.jaring.v1.IndicatorType;

/** File hashes as lower-case hex of the exact length of their algorithm. */
final class Hashes {
    private Hashes() {}

    /** For detection: the hash type for a hex string of 32, 40, 64 or 128 digits, else null. */
    static IndicatorType typeByLength(String s) {
        if (!isHex(s)) {
            return null;
        }
        return switch (s.length()) {
            case 32 -> IndicatorType.INDICATOR_TYPE_MD5;
            case 40 -> IndicatorType.INDICATOR_TYPE_SHA1;
            case 64 -> IndicatorType.INDICATOR_TYPE_SHA256;
            case 128 -> IndicatorType.INDICATOR_TYPE_SHA512;
            default -> null;
        };
    }

    static String canonical(IndicatorType type, String raw) throws InvalidIndicatorException {
        String name = switch (type) {
            case INDICATOR_TYPE_MD5 -> "MD5";
            case INDICATOR_TYPE_SHA1 -> "SHA-1";
            case INDICATOR_TYPE_SHA256 -> "SHA-256";
            default -> "SHA-512";
        };
        int digits = switch (type) {
            case INDICATOR_TYPE_MD5 -> 32;
            case INDICATOR_TYPE_SHA1 -> 40;
            case INDICATOR_TYPE_SHA256 -> 64;
            default -> 128;
        };
        for (int i = 0; i < raw.length(); i++) {
            if (!isHexDigit(raw.charAt(i))) {
                throw new InvalidIndicatorException("not a " + name + " hash: '" + raw.charAt(i) + "' at position "
                        + (i + 1) + " is not a hex digit");
            }
        }
        if (raw.length() != digits) {
            IndicatorType other = typeByLength(raw);
            throw new InvalidIndicatorException("not a " + name + " hash: expected " + digits + " hex digits, found "
                    + raw.length() + (other == null ? "" : " (that length is " + IndicatorTypeNames.name(other) + ")"));
        }
        return raw.toLowerCase(Locale.ROOT);
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
