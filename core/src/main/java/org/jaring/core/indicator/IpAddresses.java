package org.jaring.core.indicator;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jaring.v1.IndicatorType;

/**
 * IPv4, IPv6 and CIDR, parsed by hand: InetAddress.getByName would resolve host names over DNS, and it accepts
 * legacy spellings (octal, hex, fewer than four parts) that make one address look like several.
 */
final class IpAddresses {
    // Precompiled: String.matches compiles its pattern on every call, several times per address.
    private static final Pattern DECIMAL_OCTET = Pattern.compile("[0-9]{1,3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    // One to three decimal digits: zero-padded octets from logs ("010") are read as DECIMAL 10, never octal,
    // because the padding is cosmetic in every log format that produces it; hex or shorthand forms are refused.
    private static final Pattern IPV4_SHAPE = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]?(%.*)?");
    private static final Pattern CIDR_SHAPE = Pattern.compile("[0-9A-Fa-f:.\\[\\]]+/[0-9]+");

    private IpAddresses() {}

    static boolean looksLikeIpv4(String s) {
        // The shape starts with a digit, and undoing defanged dots never puts one first: every URL's host name and
        // most values being detected stop here instead of running the pattern.
        if (s.isEmpty() || s.charAt(0) < '0' || s.charAt(0) > '9') {
            return false;
        }
        return IPV4_SHAPE.matcher(Defanging.dots(s)).matches();
    }

    static boolean looksLikeIpv6(String s) {
        return IPV6_CHARS.matcher(s).matches() && (s.contains("::") || count(s, ':') >= 6);
    }

    static boolean looksLikeCidr(String s) {
        return CIDR_SHAPE.matcher(Defanging.dots(s)).matches();
    }

    /** IPv4 type: dotted quads, and IPv4-mapped IPv6 spellings of IPv4 addresses. */
    static CanonicalValue ipv4(String raw) throws InvalidIndicatorException {
        String s = Defanging.dots(raw);
        if (s.indexOf(':') >= 0) {
            CanonicalValue v = ipv6(s);
            if (v.type() != IndicatorType.INDICATOR_TYPE_IPV4) {
                throw new InvalidIndicatorException("not an IPv4 address: " + v.value() + " is an IPv6 address");
            }
            return v;
        }
        return new CanonicalValue(IndicatorType.INDICATOR_TYPE_IPV4, formatIpv4(parseIpv4(s)));
    }

    /** IPv6 type; an IPv4-mapped address (::ffff:a.b.c.d) comes back as IPV4 so both spellings match. */
    static CanonicalValue ipv6(String raw) throws InvalidIndicatorException {
        String s = stripBrackets(raw);
        if (s.indexOf(':') < 0) {
            throw new InvalidIndicatorException("not an IPv6 address: it has no ':'");
        }
        int[] groups = parseIpv6(s);
        if (isIpv4Mapped(groups)) {
            return new CanonicalValue(IndicatorType.INDICATOR_TYPE_IPV4, formatIpv4(mappedIpv4(groups)));
        }
        return new CanonicalValue(IndicatorType.INDICATOR_TYPE_IPV6, formatIpv6(groups));
    }

    /**
     * CIDR type. A range with host bits set ("10.1.2.3/8", common in real blocklists) is masked to its network
     * ("10.0.0.0/8"), which is what every router and firewall reads it as, and the value carries a warning that
     * says so, for the import report and the analyst: masking stores a different spelling than was given.
     */
    static CanonicalValue cidr(String raw) throws InvalidIndicatorException {
        String s = Defanging.dots(raw);
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new InvalidIndicatorException(
                    "not a CIDR range: missing /prefix (for a single address use type ipv4 or ipv6)");
        }
        String address = stripBrackets(s.substring(0, slash));
        String prefixText = s.substring(slash + 1);
        if (!DECIMAL_OCTET.matcher(prefixText).matches()) {
            throw new InvalidIndicatorException(
                    "not a CIDR range: prefix '" + prefixText + "' is not a number from 0 to 128");
        }
        int prefix = Integer.parseInt(prefixText);
        if (address.indexOf(':') < 0) {
            return ipv4Cidr(raw, parseIpv4(address), prefix);
        }
        int[] groups = parseIpv6(address);
        if (isIpv4Mapped(groups) && prefix >= 96) {
            return ipv4Cidr(raw, mappedIpv4(groups), prefix - 96);
        }
        if (prefix > 128) {
            throw new InvalidIndicatorException("not a CIDR range: IPv6 prefix /" + prefix + " is above 128");
        }
        int[] network = groups.clone();
        for (int i = 0; i < 8; i++) {
            int keep = Math.max(0, Math.min(16, prefix - 16 * i));
            network[i] = groups[i] & (0xffff << (16 - keep)) & 0xffff;
        }
        String text = formatIpv6(network) + "/" + prefix;
        if (!Arrays.equals(network, groups)) {
            return new CanonicalValue(IndicatorType.INDICATOR_TYPE_CIDR, text, List.of(masked(raw, text, prefix)));
        }
        return new CanonicalValue(IndicatorType.INDICATOR_TYPE_CIDR, text);
    }

    private static String masked(String raw, String network, int prefix) {
        return "masked: host bits of " + raw + " after /" + prefix + " were cleared; stored as the network " + network;
    }

    private static CanonicalValue ipv4Cidr(String raw, long address, int prefix) throws InvalidIndicatorException {
        if (prefix > 32) {
            throw new InvalidIndicatorException("not a CIDR range: IPv4 prefix /" + prefix + " is above 32");
        }
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        String text = formatIpv4(address & mask) + "/" + prefix;
        if ((address & mask) != address) {
            return new CanonicalValue(IndicatorType.INDICATOR_TYPE_CIDR, text, List.of(masked(raw, text, prefix)));
        }
        return new CanonicalValue(IndicatorType.INDICATOR_TYPE_CIDR, text);
    }

    private static long parseIpv4(String s) throws InvalidIndicatorException {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidIndicatorException(
                    "not an IPv4 address: expected four decimal octets separated by dots, found " + parts.length
                            + " parts");
        }
        long value = 0;
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (!DECIMAL_OCTET.matcher(part).matches()) {
                throw new InvalidIndicatorException(
                        "not an IPv4 address: octet " + (i + 1) + " '" + part + "' is not 1 to 3 decimal digits");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new InvalidIndicatorException(
                        "not an IPv4 address: octet " + (i + 1) + " is " + octet + ", above 255");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    private static String formatIpv4(long v) {
        return ((v >>> 24) & 255) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
    }

    private static String stripBrackets(String s) {
        return s.length() >= 2 && s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    }

    private static int[] parseIpv6(String s) throws InvalidIndicatorException {
        if (s.indexOf('%') >= 0) {
            throw new InvalidIndicatorException(
                    "not an IPv6 address: a zone index (%...) only has meaning on one machine; remove it");
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            throw new InvalidIndicatorException("not an IPv6 address: '::' may appear only once");
        }
        String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
        String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
        int[] headGroups = parseGroups(head, tail.isEmpty() || doubleColon < 0);
        int[] tailGroups = parseGroups(tail, true);
        int total = headGroups.length + tailGroups.length;
        if (doubleColon < 0 && total != 8) {
            throw new InvalidIndicatorException("not an IPv6 address: expected 8 groups, found " + total);
        }
        if (doubleColon >= 0 && total > 7) {
            throw new InvalidIndicatorException(
                    "not an IPv6 address: '::' stands for no group when 8 are already given");
        }
        int[] groups = new int[8];
        System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, groups, 8 - tailGroups.length, tailGroups.length);
        return groups;
    }

    /** Parses colon-separated groups; the last one may be a dotted IPv4 address (two groups). */
    private static int[] parseGroups(String s, boolean ipv4Allowed) throws InvalidIndicatorException {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        boolean embedded = ipv4Allowed && parts[parts.length - 1].indexOf('.') >= 0;
        int[] out = new int[parts.length + (embedded ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (embedded && i == parts.length - 1) {
                long v4 = parseIpv4(part);
                out[i] = (int) (v4 >>> 16);
                out[i + 1] = (int) (v4 & 0xffff);
            } else if (HEX_GROUP.matcher(part).matches()) {
                out[i] = Integer.parseInt(part, 16);
            } else {
                throw new InvalidIndicatorException(
                        "not an IPv6 address: group '" + part + "' is not 1 to 4 hex digits");
            }
        }
        return out;
    }

    private static boolean isIpv4Mapped(int[] g) {
        return g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
    }

    private static long mappedIpv4(int[] g) {
        return ((long) g[6] << 16) | g[7];
    }

    /** RFC 5952: lower case, no leading zeros, the longest run (first on ties) of two or more zero groups as "::". */
    private static String formatIpv6(int[] g) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
