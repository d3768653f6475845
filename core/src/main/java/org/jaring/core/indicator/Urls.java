package org.jaring.core.indicator;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.v1.IndicatorType;

/**
 * URLs, keyed by what a browser would visit and normalised only where RFC 3986 says two spellings are one
 * resource. The rules are written out in docs/protocol.md ("URL"); in short:
 *
 * <ul>
 *   <li>The authority is split as the WHATWG URL standard splits it: for the special schemes (http, https, ws,
 *       wss, ftp) a backslash ends the host like a slash, so {@code http://evil.com\@good.com/} has host
 *       {@code evil.com}; extra slashes after the scheme are skipped; the host is percent-decoded (as UTF-8) before
 *       it is read, so {@code http://%65vil.com/} is {@code evil.com}; a host whose last label is a number is an
 *       IPv4 address in WHATWG's notation (decimal, 0x hex, leading-zero octal, fewer than four parts) written as
 *       four decimal octets; any other host is a domain ({@link Domains}).
 *   <li>RFC 3986 section 6.2.2 on the rest: scheme and host lower case; percent-encoded unreserved characters
 *       (letters, digits, - . _ ~) decoded; the hex digits of every other escape upper case; a '%' that starts no
 *       escape written %25; non-ASCII characters, controls and the characters WHATWG encodes (" &lt; &gt; ` { }, and
 *       ' in the query) percent-encoded as UTF-8; dot segments removed from the path (RFC 3986 5.2.4).
 *   <li>The default port is dropped, an empty path is "/", and the fragment is dropped (it never reaches the
 *       server, so it does not identify what was served). Userinfo is kept: "https://bank.com@evil.com/" is a
 *       lure that must stay distinguishable.
 * </ul>
 *
 * <p>Google Safe Browsing's URL canonicalisation is the anchor for matching: any two URLs that get one key here
 * also get one key there. Safe Browsing goes further (it decodes every escape, %2F included, and merges "//" in
 * paths); those merge URLs that a server may answer differently, so they are not applied to keys.
 *
 * <p>Defanging: in the scheme and authority every bracketed form is undone; in the path and query only "[.]",
 * the form report tools write, because a literal "(.)" can be real text there.
 */
final class Urls {
    static final int MAX_LENGTH = 2048;
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]{0,15}):[/\\\\]{2}");
    private static final Map<String, String> DEFANGED_SCHEMES =
            Map.of("hxxp", "http", "hxxps", "https", "hxtp", "http", "hxtps", "https", "fxp", "ftp", "fxps", "ftps");
    private static final Map<String, Integer> DEFAULT_PORTS =
            Map.of("http", 80, "https", 443, "ftp", 21, "ws", 80, "wss", 443, "ftps", 990, "sftp", 22, "ssh", 22);
    /** WHATWG's special schemes (file aside): backslash is a path separator and the host is a domain or IP. */
    private static final Set<String> SPECIAL = Set.of("http", "https", "ws", "wss", "ftp");

    private static final Pattern PATH_DOT = Pattern.compile("\\[\\.]");
    private static final String HEX = "0123456789ABCDEF";
    /**
     * For each ASCII character, whether it is copied as it is in a path, a query or a userinfo: not '%', no control
     * or space, and not among the printable characters WHATWG percent-encodes there (its path, query and userinfo
     * percent-encode sets). One array lookup per character: every URL's path and query is scanned.
     */
    private static final boolean[] PATH_PLAIN = plain("\"<>`{}");

    private static final boolean[] QUERY_PLAIN = plain("\"<>'`{}");
    private static final boolean[] USERINFO_PLAIN = plain("\"<>`{}/?#[]^|@\\");

    private Urls() {}

    /** True when the value starts with a scheme, possibly defanged ("hxxp[:]//", "https[://]"). */
    static boolean hasScheme(String raw) {
        return SCHEME.matcher(Defanging.urlSeparators(raw)).lookingAt();
    }

    static CanonicalValue value(String raw) throws InvalidIndicatorException {
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
            authorityStart = s.startsWith("//") ? 2 : 0;
        }
        boolean special = SPECIAL.contains(scheme);
        if (special) {
            // WHATWG "special authority ignore slashes": http:///\evil.com/ goes to evil.com.
            while (authorityStart < s.length()
                    && (s.charAt(authorityStart) == '/' || s.charAt(authorityStart) == '\\')) {
                authorityStart++;
            }
        }
        int authorityEnd = indexOfAny(s, special ? "/\\?#" : "/?#", authorityStart);
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
        int question = rest.indexOf('?');
        String path = question >= 0 ? rest.substring(0, question) : rest;
        String query = question >= 0 ? rest.substring(question) : "";
        if (special && path.indexOf('\\') >= 0) {
            path = path.replace('\\', '/');
        }
        if (path.isEmpty()) {
            path = "/";
        }
        path = removeDotSegments(normalizePercent(path, PATH_PLAIN));
        query = normalizePercent(query, QUERY_PLAIN);
        List<String> warnings = new ArrayList<>(0);
        String url = scheme + "://" + canonicalAuthority(authority, scheme, warnings) + path + query;
        if (url.length() > MAX_LENGTH) {
            throw new InvalidIndicatorException("not a URL: " + url.length() + " characters, above " + MAX_LENGTH);
        }
        return new CanonicalValue(IndicatorType.INDICATOR_TYPE_URL, url, warnings);
    }

    private static String canonicalAuthority(String authority, String scheme, List<String> warnings)
            throws InvalidIndicatorException {
        int at = authority.lastIndexOf('@');
        String userinfo = at >= 0 ? normalizePercent(authority.substring(0, at), USERINFO_PLAIN) + "@" : "";
        String hostPort = authority.substring(at + 1);
        for (int i = 0; i < userinfo.length(); i++) {
            if (Character.isWhitespace(userinfo.charAt(i))) {
                throw new InvalidIndicatorException("not a URL: the user part before '@' contains a space");
            }
        }
        String host;
        String port;
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
        String canonicalHost = canonicalHost(host, warnings);
        String canonicalPort = "";
        if (!port.isEmpty()) {
            if (port.length() > 5
                    || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) > 65535) {
                throw new InvalidIndicatorException("not a URL: port '" + port + "' is not a number from 0 to 65535");
            }
            int number = Integer.parseInt(port);
            if (!Integer.valueOf(number).equals(DEFAULT_PORTS.get(scheme))) {
                canonicalPort = ":" + number;
            }
        }
        return userinfo + canonicalHost + canonicalPort;
    }

    private static String canonicalHost(String rawHost, List<String> warnings) throws InvalidIndicatorException {
        try {
            if (rawHost.startsWith("[") && rawHost.endsWith("]")) {
                CanonicalValue ip = IpAddresses.ipv6(rawHost);
                return ip.type() == IndicatorType.INDICATOR_TYPE_IPV6 ? "[" + ip.value() + "]" : ip.value();
            }
            String host = rawHost.indexOf('%') >= 0 ? percentDecodeHost(rawHost) : rawHost;
            String ascii = host;
            for (int i = 0; i < host.length(); i++) {
                if (host.charAt(i) >= 0x80) {
                    ascii = Domains.mapped(host); // fullwidth digits are digits to WHATWG's IPv4 parser
                    break;
                }
            }
            if (endsInNumber(ascii)) {
                return WhatwgIpv4.parse(ascii);
            }
            CanonicalValue domain = Domains.value(host);
            warnings.addAll(domain.warnings());
            return domain.value();
        } catch (InvalidIndicatorException e) {
            throw new InvalidIndicatorException("not a URL: bad host (" + e.getMessage() + ")");
        }
    }

    /** WHATWG "ends in a number": the last label (a trailing dot aside) is digits, or 0x and hex digits. */
    static boolean endsInNumber(String host) {
        int end = host.endsWith(".") ? host.length() - 1 : host.length();
        int start = host.lastIndexOf('.', end - 1) + 1;
        if (start >= end) {
            return false;
        }
        boolean digits = true;
        for (int i = start; i < end; i++) {
            char c = host.charAt(i);
            digits &= c >= '0' && c <= '9';
        }
        if (digits) {
            return true;
        }
        if (end - start >= 2 && host.charAt(start) == '0' && (host.charAt(start + 1) | 0x20) == 'x') {
            for (int i = start + 2; i < end; i++) {
                if (Character.digit(host.charAt(i), 16) < 0) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static String percentDecodeHost(String host) throws InvalidIndicatorException {
        ByteBuffer bytes = ByteBuffer.allocate(host.length() * 4);
        for (int i = 0; i < host.length(); ) {
            char c = host.charAt(i);
            if (c == '%' && hexValue(host, i + 1) >= 0) {
                bytes.put((byte) hexValue(host, i + 1));
                i += 3;
            } else {
                int cp = host.codePointAt(i);
                bytes.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        bytes.flip();
        String decoded;
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            decoded = chars.toString();
        } catch (CharacterCodingException e) {
            throw new InvalidIndicatorException("its percent-encoding is not UTF-8");
        }
        String invisible = Characters.firstInvisible(decoded);
        if (invisible != null) {
            throw new InvalidIndicatorException("once percent-decoded, " + invisible);
        }
        return decoded;
    }

    /** The byte of the two hex digits at i, or -1. */
    private static int hexValue(String s, int i) {
        if (i + 1 >= s.length()) {
            return -1;
        }
        int hi = Character.digit(s.charAt(i), 16);
        int lo = Character.digit(s.charAt(i + 1), 16);
        return hi < 0 || lo < 0 || s.charAt(i) > 0x7f || s.charAt(i + 1) > 0x7f ? -1 : hi * 16 + lo;
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }

    private static boolean[] plain(String encoded) {
        boolean[] plain = new boolean[128];
        for (char c = 0x21; c < 0x7f; c++) {
            plain[c] = c != '%' && encoded.indexOf(c) < 0;
        }
        return plain;
    }

    /**
     * RFC 3986 6.2.2.1 and 6.2.2.2 on one component: escapes of unreserved characters decoded, the hex of the
     * others upper case, a stray '%' escaped, and non-ASCII, controls and what {@code plain} excludes
     * percent-encoded as UTF-8.
     */
    static String normalizePercent(String s, boolean[] plain) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80 || !plain[c]) {
                break;
            }
            i++;
        }
        if (i == n) {
            return s; // most paths: nothing to change
        }
        StringBuilder out = new StringBuilder(n + 16).append(s, 0, i);
        while (i < n) {
            char c = s.charAt(i);
            if (c == '%') {
                int v = hexValue(s, i + 1);
                if (v < 0) {
                    out.append("%25");
                    i++;
                } else {
                    if (isUnreserved(v)) {
                        out.append((char) v);
                    } else {
                        appendEscaped(out, v);
                    }
                    i += 3;
                }
            } else if (c < 0x80) {
                if (plain[c]) {
                    out.append(c);
                } else {
                    appendEscaped(out, c);
                }
                i++;
            } else {
                int cp = s.codePointAt(i);
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    appendEscaped(out, b & 0xff);
                }
                i += Character.charCount(cp);
            }
        }
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, int b) {
        out.append('%').append(HEX.charAt(b >> 4)).append(HEX.charAt(b & 15));
    }

    /** RFC 3986 5.2.4 on an absolute path: "." and ".." segments removed, a trailing one leaving a '/'. */
    static String removeDotSegments(String path) {
        if (!path.contains("/.")) {
            return path; // every segment follows a '/', so a dot segment needs "/.": most paths ("/x.php") have none
        }
        String[] segments = path.split("/", -1);
        List<String> out = new ArrayList<>(segments.length);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                if (last) {
                    out.add("");
                }
            } else if (segment.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                if (last) {
                    out.add("");
                }
            } else {
                out.add(segment);
            }
        }
        return "/" + String.join("/", out);
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
