package org.jaring.core.indicator;

import java.util.regex.Pattern;

/**
 * Undoes the common ways analysts "defang" indicators so that nobody clicks them in a report. Both the fanged
 * and the defanged spelling must end up as the same key, otherwise a state that shares reports defanged never
 * matches one that shares them raw.
 */
final class Defanging {
    // "[." without its closing bracket is how ESET's IoC repository defangs hosts (hxxps://example[.com).
    // Spaces inside the brackets ("[ . ]") and the spelled-out word with spaces around it ("evil dot com") are how
    // people write them by hand.
    private static final Pattern DOT = Pattern.compile(
            "\\s*(?:\\[\\s*\\.\\s*]|\\(\\s*\\.\\s*\\)|\\{\\s*\\.\\s*}|\\[\\s*dot\\s*]|\\(\\s*dot\\s*\\)|\\{\\s*dot\\s*})\\s*"
                    + "|\\[\\.|\\s+dot\\s+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AT =
            Pattern.compile("\\[@]|\\(@\\)|\\{@}|\\[at]|\\(at\\)|\\{at}|\\s+at\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern COLON = Pattern.compile("\\[:]|\\(:\\)|\\{:}");
    private static final Pattern SCHEME_SEPARATOR = Pattern.compile("\\[://]|\\(://\\)|\\{://}");
    private static final Pattern SLASH = Pattern.compile("\\[/]");

    private Defanging() {}

    /**
     * For hosts, IP addresses and e-mail domains: every bracketed dot form, the word "dot" between spaces, and
     * the ideographic, fullwidth and halfwidth full stops (U+3002, U+FF0E, U+FF61), which IDNA also reads as dots.
     */
    static String dots(String s) {
        String out = s;
        if (hasBracket(out) || out.indexOf(' ') >= 0) {
            out = DOT.matcher(out).replaceAll(".");
        }
        if (out.indexOf('\u3002') >= 0 || out.indexOf('\uff0e') >= 0 || out.indexOf('\uff61') >= 0) {
            out = out.replace('\u3002', '.').replace('\uff0e', '.').replace('\uff61', '.');
        }
        return out;
    }

    private static boolean hasBracket(String s) {
        return s.indexOf('[') >= 0 || s.indexOf('(') >= 0 || s.indexOf('{') >= 0;
    }

    static String at(String s) {
        return hasBracket(s) || s.indexOf(' ') >= 0 ? AT.matcher(s).replaceAll("@") : s;
    }

    /** For the scheme and authority of a URL. */
    static String urlSeparators(String s) {
        if (!hasBracket(s)) {
            return s; // every form below starts with a bracket; most URLs have none, and three regex passes add up
        }
        String out = SCHEME_SEPARATOR.matcher(s).replaceAll("://");
        out = COLON.matcher(out).replaceAll(":");
        return SLASH.matcher(out).replaceAll("/");
    }
}
