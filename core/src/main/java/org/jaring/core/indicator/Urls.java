package org.jaring.core.indicator;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.v1.IndicatorType;

/**
 * URLs: scheme and host canonical, default port dropped, empty path as "/", fragment dropped (it never reaches
 * the server, so it does not identify what was served). Path and query are kept byte for byte: servers may
 * treat case and percent-encoding there as significant, and guessing would merge URLs that differ.
 *
 * <p>Defanging: in the scheme and authority every bracketed form is undone; in the path and query only "[.]",
 * the form report tools write, because a literal "(.)" can be real text there.
 */
final class Urls {
    static final int MAX_LENGTH = 2048;
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]{0,15})://");
    private static final Map<String, String> DEFANGED_SCHEMES =
            Map.of("hxxp", "http", "hxxps", "https", "hxtp", "http", "hxtps", "https", "fxp", "ftp", "fxps", "ftps");
    private static final Map<String, Integer> DEFAULT_PORTS =
            Map.of("http", 80, "https", 443, "ftp", 21, "ws", 80, "wss", 443, "ftps", 990, "sftp", 22, "ssh", 22);
    private static final Pattern PATH_DOT = Pattern.compile("\\[\\.]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private Urls() {}

    /** True when the value starts with a scheme, possibly defanged ("hxxp[:]//", "https[://]"). */
    static boolean hasScheme(String raw) {
        return SCHEME.matcher(Defanging.urlSeparators(raw)).lookingAt();
    }

    static String canonical(String raw) throws InvalidIndicatorException {
        String s = raw;
        int authorityStart;
        String scheme;
        String separated = Defanging.urlSeparators(s);
        Matcher m = SCHEME.matcher(separated);
        if (m.lookingAt()) {
            s = separated;
            scheme = m.group(1).toLowerCase(Locale.ROOT);
            scheme = DEFANGED_SCHEMES.getOrDefault(scheme, scheme);
            authorityStart = m.end();
        } else if (s.indexOf("://") >= 0) {
            throw new InvalidIndicatorException(
                    "not a URL: the scheme before '://' is not letters, digits, '+', '-' or '.'");
        } else {
            // A URL type without a scheme is what analysts paste from a browser bar; browsers assume http.
            scheme = "http";
            authorityStart = 0;
            if (s.startsWith("//")) {
                authorityStart = 2;
            }
        }
        int authorityEnd = indexOfAny(s, "/?#", authorityStart);
        String authority = Defanging.urlSeparators(Defanging.dots(s.substring(authorityStart, authorityEnd)));
        String rest = s.substring(authorityEnd);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        if (rest.indexOf('[') >= 0) {
            rest = PATH_DOT.matcher(rest).replaceAll(".");
        }
        for (int i = 0; i < rest.length(); i++) {
            if (Character.isWhitespace(rest.charAt(i))) {
                throw new InvalidIndicatorException("not a URL: it contains a space at position "
                        + (authorityEnd + i + 1) + "; spaces must be written as %20");
            }
        }
        if (rest.isEmpty() || rest.charAt(0) == '?') {
            rest = "/" + rest;
        }
        String url = scheme + "://" + canonicalAuthority(authority, scheme) + rest;
        if (url.length() > MAX_LENGTH) {
            throw new InvalidIndicatorException("not a URL: " + url.length() + " characters, above " + MAX_LENGTH);
        }
        return url;
    }

    private static String canonicalAuthority(String authority, String scheme) throws InvalidIndicatorException {
        // Userinfo is kept as given: "https://bank.com@evil.com/" is a lure that must stay distinguishable.
        int at = authority.lastIndexOf('@');
        String userinfo = at >= 0 ? authority.substring(0, at + 1) : "";
        String hostPort = authority.substring(at + 1);
        for (int i = 0; i < userinfo.length(); i++) {
            if (Character.isWhitespace(userinfo.charAt(i))) {
                throw new InvalidIndicatorException("not a URL: the user part before '@' contains a space");
            }
        }
        String host;
        String port = "";
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new InvalidIndicatorException("not a URL: IPv6 host is missing its closing ']'");
            }
            host = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw new InvalidIndicatorException("not a URL: unexpected text '" + after + "' after the IPv6 host");
            }
            port = after.isEmpty() ? "" : after.substring(1);
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            port = colon >= 0 ? hostPort.substring(colon + 1) : "";
        }
        if (host.isEmpty()) {
            throw new InvalidIndicatorException("not a URL: it has no host");
        }
        String canonicalHost = canonicalHost(host);
        String canonicalPort = "";
        if (!port.isEmpty()) {
            if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
                throw new InvalidIndicatorException("not a URL: port '" + port + "' is not a number from 0 to 65535");
            }
            int number = Integer.parseInt(port);
            if (!Integer.valueOf(number).equals(DEFAULT_PORTS.get(scheme))) {
                canonicalPort = ":" + number;
            }
        }
        return userinfo + canonicalHost + canonicalPort;
    }

    private static String canonicalHost(String host) throws InvalidIndicatorException {
        try {
            CanonicalValue ip = IpAddresses.ipOrNull(host);
            if (ip != null) {
                return ip.type() == IndicatorType.INDICATOR_TYPE_IPV6 ? "[" + ip.value() + "]" : ip.value();
            }
            return Domains.canonical(host);
        } catch (InvalidIndicatorException e) {
            throw new InvalidIndicatorException("not a URL: bad host (" + e.getMessage() + ")");
        }
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }
}
