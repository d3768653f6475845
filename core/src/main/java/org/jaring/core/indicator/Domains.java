package org.jaring.core.indicator;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Domain names as lower-case IDNA A-labels without the trailing dot.
 *
 * <p>Underscores: refused in the top-level and second-level labels (no registry allows them there) and allowed
 * further left, because hosts such as {@code my_site.example.com} resolve and do turn up in phishing feeds.
 *
 * <p>The JDK implements IDNA2003, while registries and browsers use IDNA2008/UTS 46, and the two disagree on the
 * "deviation" characters ß and ς (IDNA2003 maps faß.de to fass.de, IDNA2008 keeps it distinct). A node written
 * elsewhere would store another key, so such names are refused instead of stored in a form that does not match.
 *
 * <p>The JDK's IDNA tables are Unicode 3.2; characters added since (for example U+0234, used in look-alike
 * "ledger" domains, and later Myanmar and Khmer additions) are let through with ALLOW_UNASSIGNED, but code points
 * that are unassigned in the running JDK's Unicode are refused because their mapping may still change.
 */
final class Domains {
    static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern LABEL_SEPARATOR = Pattern.compile("[.\u3002\uff0e\uff61]");
    private static final Pattern TOP_LEVEL = Pattern.compile("[a-z]{2,63}|xn--[a-z0-9-]{1,59}");

    private Domains() {}

    static String canonical(String raw) throws InvalidIndicatorException {
        String plain = plainAscii(raw);
        return plain != null ? plain : canonicalFull(raw);
    }

    /** Every rule, with a reason for each refusal; {@link #plainAscii} must agree with it wherever it answers. */
    static String canonicalFull(String raw) throws InvalidIndicatorException {
        String s = Defanging.dots(raw);
        if (s.endsWith(".") || s.endsWith("\u3002") || s.endsWith("\uff0e") || s.endsWith("\uff61")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            throw new InvalidIndicatorException("not a domain: it is empty");
        }
        // A defanged name ("evil[.]com") or one with the root's dot is plain once those are undone (a third of the
        // benchmark's generated domains), and would otherwise take the label-by-label path below.
        if (s.length() != raw.length()) {
            String plain = plainAscii(s);
            if (plain != null) {
                return plain;
            }
        }
        if (s.indexOf('\u00df') >= 0 || s.indexOf('\u03c2') >= 0 || s.indexOf('\u1e9e') >= 0) {
            throw new InvalidIndicatorException(
                    "not a supported domain: ß and ς are written differently by IDNA2003 and IDNA2008; use the xn-- form");
        }
        if (s.startsWith("*.")) {
            throw new InvalidIndicatorException(
                    "not a domain: wildcards (*.) are not indicators; give the parent domain");
        }
        // Label by label, so that an empty or over-long label gets its own reason instead of a generic IDNA error.
        String[] labels = LABEL_SEPARATOR.split(s.toLowerCase(Locale.ROOT), -1);
        if (labels.length < 2) {
            throw new InvalidIndicatorException(
                    "not a domain: '" + s + "' has a single label; a domain needs at least two");
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = toAscii(labels[i]);
            checkLabel(labels[i], i >= labels.length - 2);
        }
        String ascii = String.join(".", labels);
        if (ascii.length() > MAX_LENGTH) {
            throw new InvalidIndicatorException("not a domain: " + ascii.length() + " characters, above " + MAX_LENGTH);
        }
        String top = labels[labels.length - 1];
        if (!TOP_LEVEL.matcher(top).matches()) {
            throw new InvalidIndicatorException(
                    "not a domain: top-level label '" + top + "' must be letters or an xn-- label");
        }
        return ascii;
    }

    /**
     * The canonical form of a name that is already plain ASCII (letters, digits, inner hyphens, underscores below
     * the top two levels, a letters-only top-level label), checked in one pass without regexes or IDNA; null when
     * anything needs the full path: a defanged or Unicode name, an xn-- label, a trailing dot, or a name to refuse,
     * whose reason the full path gives. Most names in feeds and imports are plain, and this is every ingest's and
     * lookup's most frequent check.
     */
    static String plainAscii(String s) {
        int n = s.length();
        if (n < 3 || n > MAX_LENGTH) {
            return null;
        }
        boolean upper = false;
        int labels = 0;
        int start = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? s.charAt(i) : '.';
            if (c == '.') {
                int length = i - start;
                if (length == 0
                        || length > 63
                        || s.charAt(start) == '-'
                        || s.charAt(i - 1) == '-'
                        || s.startsWith("xn--", start)
                        || s.startsWith("XN--", start)) {
                    return null;
                }
                labels++;
                start = i + 1;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return null;
            }
        }
        if (labels < 2) {
            return null;
        }
        String lower = upper ? s.toLowerCase(Locale.ROOT) : s;
        int top = lower.lastIndexOf('.') + 1;
        int second = lower.lastIndexOf('.', top - 2) + 1;
        if (lower.indexOf('_', second) >= 0 || n - top < 2) {
            return null;
        }
        for (int i = top; i < n; i++) {
            char c = lower.charAt(i);
            if (c < 'a' || c > 'z') {
                return null;
            }
        }
        return lower;
    }

    private static String toAscii(String label) throws InvalidIndicatorException {
        if (label.isEmpty()) {
            throw new InvalidIndicatorException("not a domain: it has an empty label (two dots in a row)");
        }
        if (isAscii(label)) {
            return label;
        }
        int unassigned = label.codePoints()
                .filter(c -> Character.getType(c) == Character.UNASSIGNED)
                .findFirst()
                .orElse(-1);
        if (unassigned >= 0) {
            throw new InvalidIndicatorException(String.format(
                    Locale.ROOT,
                    "not a domain: U+%04X in label '%s' is not an assigned Unicode character",
                    unassigned,
                    label));
        }
        try {
            return IDN.toASCII(label, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidIndicatorException(
                    "not a domain: label '" + label + "' cannot be converted to IDNA (" + simpleIdnReason(e) + ")");
        }
    }

    private static boolean isAscii(String label) {
        for (int i = 0; i < label.length(); i++) {
            if (label.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    private static void checkLabel(String label, boolean registryLevel) throws InvalidIndicatorException {
        if (label.isEmpty()) {
            throw new InvalidIndicatorException("not a domain: it has an empty label (two dots in a row)");
        }
        if (label.length() > 63) {
            throw new InvalidIndicatorException(
                    "not a domain: label '" + label + "' has " + label.length() + " characters, above 63");
        }
        if (!LABEL.matcher(label).matches()) {
            throw new InvalidIndicatorException(
                    "not a domain: label '" + label + "' may hold only letters, digits and inner hyphens");
        }
        if (registryLevel && label.indexOf('_') >= 0) {
            throw new InvalidIndicatorException("not a domain: label '" + label
                    + "' has an underscore, which no registry allows in the top two levels");
        }
        if (label.startsWith("xn--")) {
            // An A-label that does not decode, or decodes to something that encodes differently, is two keys for one
            // name.
            // IDN.toUnicode checks both itself (RFC 3490, ToUnicode steps 5-7: decode, ToASCII again, compare without
            // regard to case) and returns the label unchanged when either fails; the label is lower-case here, so that
            // comparison is exact. Encoding it a second time here only repeated that check.
            String unicode = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED);
            if (unicode.equals(label)) {
                throw new InvalidIndicatorException("not a domain: label '" + label + "' is not valid punycode");
            }
        }
    }

    private static String simpleIdnReason(IllegalArgumentException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return message.contains("Contains non-LDH")
                ? "it holds characters not allowed in host names"
                : message.contains("prohibited") || message.contains("Prohibited")
                        ? "it holds a prohibited character"
                        : message.contains("bidi") || message.contains("BiDi")
                                ? "it mixes right-to-left and left-to-right text"
                                : message.contains("too long")
                                        ? "it is longer than 63 characters as an A-label"
                                        : "the name is not valid IDNA";
    }
}
