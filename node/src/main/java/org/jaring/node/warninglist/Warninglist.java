package org.jaring.node.warninglist;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.v1.IndicatorType;

/**
 * One list of known-benign values in the MISP warninglist format ({@code name}, {@code type}, {@code list}).
 * Types: {@code string} (exact), {@code cidr} (address ranges), {@code hostname} (a domain and its
 * subdomains, also in URLs and e-mail addresses), {@code substring} and {@code regex}. A list applies only to the
 * indicator types its {@code matching_attributes} name ({@link MispAttributeTypes}).
 */
final class Warninglist {
    final String name;
    private final String type;
    private final Set<IndicatorType> appliesTo;
    private final Set<String> exact = new HashSet<>();
    private final Set<String> hosts = new HashSet<>();
    private final List<String> entries = new ArrayList<>();
    private final List<BigInteger[]> ranges = new ArrayList<>();
    /** The IPv4 ranges again as [first, last] longs: most addresses checked are IPv4, and longs compare cheaply. */
    private final List<long[]> ipv4Ranges = new ArrayList<>();

    private final List<Pattern> patterns = new ArrayList<>();

    /** A list that applies to every indicator type, as a MISP list without {@code matching_attributes} does. */
    Warninglist(String name, String type, List<String> list) {
        this(name, type, list, MispAttributeTypes.of(List.of()));
    }

    Warninglist(String name, String type, List<String> list, Set<IndicatorType> appliesTo) {
        this.name = name;
        this.type = type;
        this.appliesTo = appliesTo.isEmpty() ? Set.of() : EnumSet.copyOf(appliesTo);
        for (String raw : list) {
            String e = raw.trim();
            switch (type) {
                case "string" -> exact.add(e.toLowerCase(Locale.ROOT));
                case "hostname" -> hosts.add(e.toLowerCase(Locale.ROOT).replaceAll("^\\*?\\.", ""));
                case "substring" -> entries.add(e.toLowerCase(Locale.ROOT).replaceAll("^\\*?\\.", ""));
                case "cidr" -> {
                    BigInteger[] r = range(e);
                    ranges.add(r);
                    if (r[2].intValue() == 32) {
                        ipv4Ranges.add(new long[] {r[0].longValueExact(), r[1].longValueExact()});
                    }
                }
                case "regex" -> patterns.add(Pattern.compile(e));
                default ->
                    throw new IllegalArgumentException("warninglist " + name + ": unsupported type '" + type + "'");
            }
        }
    }

    /**
     * The value as the lists compare it, each form worked out at most once for all lists and only when a list
     * that applies needs it (lower-casing every value was most of a check's time).
     */
    static final class Subject {
        private final CanonicalValue value;
        private String lower;
        private String host;
        private boolean hostKnown;

        Subject(CanonicalValue value) {
            this.value = value;
        }

        String lower() {
            if (lower == null) {
                lower = value.value().toLowerCase(Locale.ROOT);
            }
            return lower;
        }

        /** The host the value names (lower case), or null. */
        String host() {
            if (!hostKnown) {
                String h = hostOf(value.type(), value.value());
                host = h == null ? null : h.toLowerCase(Locale.ROOT);
                hostKnown = true;
            }
            return host;
        }
    }

    boolean matches(CanonicalValue v) {
        return matches(new Subject(v));
    }

    boolean matches(Subject subject) {
        CanonicalValue v = subject.value;
        if (!appliesTo.contains(v.type())) {
            return false;
        }
        return switch (type) {
            case "string" -> exact.contains(subject.lower());
            case "hostname" -> {
                // The host and each parent domain, one set lookup each: lists such as the top million domains
                // must cost no more per value than a list of ten.
                String host = subject.host();
                if (host == null) {
                    yield false;
                }
                for (String candidate = host; ; ) {
                    if (hosts.contains(candidate)) {
                        yield true;
                    }
                    int dot = candidate.indexOf('.');
                    if (dot < 0) {
                        yield false;
                    }
                    candidate = candidate.substring(dot + 1);
                }
            }
            case "substring" -> entries.stream().anyMatch(subject.lower()::contains);
            case "cidr" -> inRange(v);
            default -> patterns.stream().anyMatch(p -> p.matcher(v.value()).find());
        };
    }

    /** The host a value names (a domain, an e-mail address's domain, a URL's host), or null. */
    private static String hostOf(IndicatorType type, String value) {
        if (type == IndicatorType.INDICATOR_TYPE_DOMAIN) {
            return value;
        }
        if (type == IndicatorType.INDICATOR_TYPE_EMAIL) {
            return value.substring(value.lastIndexOf('@') + 1);
        }
        if (type == IndicatorType.INDICATOR_TYPE_URL) {
            String rest = value.substring(value.indexOf("://") + 3);
            int end = rest.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int i = rest.indexOf(c);
                if (i >= 0) {
                    end = Math.min(end, i);
                }
            }
            String authority = rest.substring(0, end);
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = authority.lastIndexOf(':');
            return colon > 0 && !authority.endsWith("]") ? authority.substring(0, colon) : authority;
        }
        return null;
    }

    private boolean inRange(CanonicalValue v) {
        String text = v.value();
        if (v.type() == IndicatorType.INDICATOR_TYPE_CIDR) {
            text = text.substring(0, text.indexOf('/'));
        } else if (v.type() != IndicatorType.INDICATOR_TYPE_IPV4 && v.type() != IndicatorType.INDICATOR_TYPE_IPV6) {
            return false;
        }
        long ipv4 = ipv4(text);
        if (ipv4 >= 0) {
            for (long[] r : ipv4Ranges) {
                if (ipv4 >= r[0] && ipv4 <= r[1]) {
                    return true;
                }
            }
            return false;
        }
        BigInteger address = toNumber(text);
        int bits = text.contains(":") ? 128 : 32;
        for (BigInteger[] r : ranges) {
            if (r[2].intValue() == bits && address.compareTo(r[0]) >= 0 && address.compareTo(r[1]) <= 0) {
                return true;
            }
        }
        return false;
    }

    /** A canonical dotted quad as a number, or -1 for anything else (IPv6 goes the general way). */
    private static long ipv4(String text) {
        long value = 0;
        int octets = 0;
        int octet = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (octet < 0 || octet > 255) {
                    return -1;
                }
                value = value << 8 | octet;
                octets++;
                octet = -1;
            } else if (c >= '0' && c <= '9') {
                octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                if (octet > 255) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        return octets == 4 ? value : -1;
    }

    /** [first, last, bits] of a CIDR range (a bare address is a /32 or /128). */
    private static BigInteger[] range(String cidr) {
        String[] parts = cidr.split("/");
        BigInteger base = toNumber(parts[0]);
        int bits = parts[0].contains(":") ? 128 : 32;
        int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : bits;
        BigInteger size = BigInteger.ONE.shiftLeft(bits - prefix);
        BigInteger first = base.divide(size).multiply(size);
        return new BigInteger[] {first, first.add(size).subtract(BigInteger.ONE), BigInteger.valueOf(bits)};
    }

    /** Canonical IP literals only (never a host name), so no name lookup can happen here. */
    private static BigInteger toNumber(String literal) {
        if (!literal.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP address literal: " + literal);
        }
        try {
            return new BigInteger(1, InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + literal, e);
        }
    }
}
