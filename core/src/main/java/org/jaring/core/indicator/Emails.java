package org.jaring.core.indicator;

import java.util.Locale;
import org.jaring.v1.IndicatorType;

/**
 * E-mail addresses: the local part exactly as given (only the receiving server knows whether "Alice" and "alice"
 * are one mailbox), the domain canonical. Quoted local parts and address literals are refused: they do not occur
 * in fraud reports and would need a full RFC 5322 parser.
 */
final class Emails {
    static final int MAX_LENGTH = 254;
    private static final String LOCAL_SPECIALS = "!#$%&'*+/=?^_`{|}~.-";

    private Emails() {}

    static boolean looksLikeEmail(String raw) {
        String s = Defanging.at(raw);
        int at = s.lastIndexOf('@');
        if (raw.regionMatches(true, 0, "mailto:", 0, 7)) {
            return true;
        }
        return at > 0 && at < s.length() - 1 && s.indexOf('/') < 0 && s.indexOf(':') < 0;
    }

    static CanonicalValue value(String raw) throws InvalidIndicatorException {
        String s = raw.regionMatches(true, 0, "mailto:", 0, 7) ? raw.substring(7) : raw;
        int query = s.indexOf('?');
        if (query >= 0 && raw.length() != s.length()) {
            s = s.substring(0, query);
        }
        s = Defanging.at(s);
        int at = s.lastIndexOf('@');
        if (at < 0) {
            throw new InvalidIndicatorException("not an e-mail address: there is no '@'");
        }
        String local = s.substring(0, at);
        checkLocal(local);
        CanonicalValue domain;
        try {
            domain = Domains.value(s.substring(at + 1));
        } catch (InvalidIndicatorException e) {
            throw new InvalidIndicatorException("not an e-mail address: bad domain (" + e.getMessage() + ")");
        }
        String address = local + "@" + domain.value();
        if (address.length() > MAX_LENGTH) {
            throw new InvalidIndicatorException(
                    "not an e-mail address: " + address.length() + " characters, above " + MAX_LENGTH);
        }
        return new CanonicalValue(IndicatorType.INDICATOR_TYPE_EMAIL, address, domain.warnings());
    }

    private static void checkLocal(String local) throws InvalidIndicatorException {
        if (local.isEmpty()) {
            throw new InvalidIndicatorException("not an e-mail address: nothing before the '@'");
        }
        if (local.length() > 64) {
            throw new InvalidIndicatorException(
                    "not an e-mail address: the part before '@' has " + local.length() + " characters, above 64");
        }
        if (local.startsWith("\"")) {
            throw new InvalidIndicatorException("not a supported e-mail address: quoted local parts are not accepted");
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new InvalidIndicatorException(
                    "not an e-mail address: the part before '@' may not start or end with a dot or hold two dots in a row");
        }
        // By code point: a character above U+FFFF is judged as itself, never waved through as a surrogate half.
        for (int i = 0; i < local.length(); ) {
            int c = local.codePointAt(i);
            int kind = Character.getType(c);
            boolean allowed = c > 127
                    ? Character.isLetterOrDigit(c)
                            || kind == Character.NON_SPACING_MARK
                            || kind == Character.COMBINING_SPACING_MARK
                    : Character.isLetterOrDigit(c) || LOCAL_SPECIALS.indexOf(c) >= 0;
            if (!allowed || Characters.INVISIBLE.contains(c)) {
                throw new InvalidIndicatorException(String.format(
                        Locale.ROOT,
                        "not an e-mail address: character U+%04X at position %d is not allowed before the '@'",
                        c,
                        local.codePointCount(0, i) + 1));
            }
            i += Character.charCount(c);
        }
    }
}
