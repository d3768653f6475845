package org.jaring.core.indicator;

/**
 * The WHATWG URL standard's IPv4 parser, for URL hosts that end in a number: what a browser connects to when
 * given {@code http://0x7f.1/} or {@code http://2130706433/} is 127.0.0.1, so that is the key. Parts may be
 * decimal, 0x hex or leading-zero octal, and there may be one to four of them, the last filling the remaining
 * bytes. Bare IP values (type ipv4) keep their stricter rules in {@link IpAddresses}: there a padded octet from a
 * log is decimal.
 */
final class WhatwgIpv4 {
    private WhatwgIpv4() {}

    static String parse(String host) throws InvalidIndicatorException {
        String s = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) {
            throw new InvalidIndicatorException("'" + host + "' ends in a number but has more than four parts,"
                    + " so it is not an IPv4 address (WHATWG URL)");
        }
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = number(parts[i], host);
        }
        for (int i = 0; i < numbers.length - 1; i++) {
            if (numbers[i] > 255) {
                throw new InvalidIndicatorException("IPv4 host '" + host + "': part " + (i + 1) + " is above 255");
            }
        }
        long last = numbers[numbers.length - 1];
        if (last >= 1L << (8 * (5 - numbers.length))) {
            throw new InvalidIndicatorException("IPv4 host '" + host + "': the last part is too large");
        }
        long address = last;
        for (int i = 0; i < numbers.length - 1; i++) {
            address += numbers[i] << (8 * (3 - i));
        }
        return ((address >>> 24) & 255) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "."
                + (address & 255);
    }

    private static long number(String part, String host) throws InvalidIndicatorException {
        if (part.isEmpty()) {
            throw new InvalidIndicatorException("IPv4 host '" + host + "' has an empty part");
        }
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && part.charAt(0) == '0' && (part.charAt(1) | 0x20) == 'x') {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return 0;
        }
        // Leading zeros aside, more than 12 digits is above 2^32 in every radix: refuse before overflowing.
        int first = 0;
        while (first < digits.length() - 1 && digits.charAt(first) == '0') {
            first++;
        }
        String significant = digits.substring(first);
        if (significant.length() > 12) {
            throw new InvalidIndicatorException("IPv4 host '" + host + "': a part is too large");
        }
        long value = 0;
        for (int i = 0; i < significant.length(); i++) {
            int d = Character.digit(significant.charAt(i), radix);
            if (d < 0 || significant.charAt(i) > 0x7f) {
                throw new InvalidIndicatorException("IPv4 host '" + host + "': part '" + part
                        + "' is not a decimal, 0x hex or leading-zero octal number");
            }
            value = value * radix + d;
        }
        return value;
    }
}
