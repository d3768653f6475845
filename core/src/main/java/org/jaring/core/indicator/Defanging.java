package org.jaring.core.indicator;

import java.util.regex.Pattern;

/**
 * Undoes the common ways analysts "defang" indicators so that nobody clicks them in a report. Both the fanged
 * and the defanged spelling must end up as the same key, otherwise a state that shares reports defanged never
 * matches one that shares them raw.
 */
final class Defanging {
    // "[." without its closing bracket is how ESET's IoC repository defangs hosts (hxxps://example[.com).
    private static final Pattern DOT =
            Pattern.compile("\\[\\.]|\\(\\.\\)|\\{\\.}|\\[dot]|\\(dot\\)|\\{dot}|\\[\\.", Pattern.CASE_INSENSITIVE);
    private static final Pattern AT =
            Pattern.compile("\\[@]|\\(@\\)|\\{@}|\\[at]|\\(at\\)|\\{at}", Pattern.CASE_INSENSITIVE);
    private static final Pattern COLON = Pattern.compile("\\[:]|\\(:\\)|\\{:}");
    private static final Pattern SCHEME_SEPARATOR = Pattern.compile("\\[://]|\\(://\\)|\\{://}");
    private static final Pattern SLASH = Pattern.compile("\\[/]");

    private Defanging() {}

    /** For hosts, IP addresses and e-mail domains: every bracketed dot form. */
    static String dots(String s) {
        return hasBracket(s) ? DOT.matcher(s).replaceAll(".") : s;
    }

    private static boolean hasBracket(String s) {
        return s.indexOf('[') >= 0 || s.indexOf('(') >= 0 || s.indexOf('{') >= 0;
    }

    static String at(String s) {
        return hasBracket(s) ? AT.matcher(s).replaceAll("@") : s;
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
