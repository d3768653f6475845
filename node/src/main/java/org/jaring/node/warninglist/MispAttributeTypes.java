package org.jaring.node.warninglist;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jaring.v1.IndicatorType;

/**
 * The indicator types a warninglist's {@code matching_attributes} (MISP attribute types) name. MISP applies a
 * list only to the attribute types it names, and to every type when it names none; Jaring does the same, so a
 * list of common e-mail providers' domains written for {@code domain} attributes does not silence
 * {@code alice@outlook.com}, which identifies an account.
 */
final class MispAttributeTypes {
    private static final Set<IndicatorType> ADDRESSES = EnumSet.of(
            IndicatorType.INDICATOR_TYPE_IPV4, IndicatorType.INDICATOR_TYPE_IPV6, IndicatorType.INDICATOR_TYPE_CIDR);
    private static final Map<String, Set<IndicatorType>> BY_MISP_TYPE = Map.ofEntries(
            Map.entry("ip-src", ADDRESSES),
            Map.entry("ip-dst", ADDRESSES),
            Map.entry("ip-src|port", ADDRESSES),
            Map.entry("ip-dst|port", ADDRESSES),
            Map.entry("domain|ip", union(ADDRESSES, IndicatorType.INDICATOR_TYPE_DOMAIN)),
            Map.entry("domain", EnumSet.of(IndicatorType.INDICATOR_TYPE_DOMAIN)),
            Map.entry("hostname", EnumSet.of(IndicatorType.INDICATOR_TYPE_DOMAIN)),
            Map.entry("hostname|port", EnumSet.of(IndicatorType.INDICATOR_TYPE_DOMAIN)),
            Map.entry("url", EnumSet.of(IndicatorType.INDICATOR_TYPE_URL)),
            Map.entry("uri", EnumSet.of(IndicatorType.INDICATOR_TYPE_URL)),
            Map.entry("link", EnumSet.of(IndicatorType.INDICATOR_TYPE_URL)),
            Map.entry("email", EnumSet.of(IndicatorType.INDICATOR_TYPE_EMAIL)),
            Map.entry("email-src", EnumSet.of(IndicatorType.INDICATOR_TYPE_EMAIL)),
            Map.entry("email-dst", EnumSet.of(IndicatorType.INDICATOR_TYPE_EMAIL)),
            Map.entry("email-reply-to", EnumSet.of(IndicatorType.INDICATOR_TYPE_EMAIL)),
            Map.entry("target-email", EnumSet.of(IndicatorType.INDICATOR_TYPE_EMAIL)),
            Map.entry("whois-registrant-email", EnumSet.of(IndicatorType.INDICATOR_TYPE_EMAIL)),
            Map.entry("phone-number", EnumSet.of(IndicatorType.INDICATOR_TYPE_PHONE)),
            Map.entry("whois-registrant-phone", EnumSet.of(IndicatorType.INDICATOR_TYPE_PHONE)),
            Map.entry("iban", EnumSet.of(IndicatorType.INDICATOR_TYPE_IBAN)),
            Map.entry("bank-account-nr", EnumSet.of(IndicatorType.INDICATOR_TYPE_BANK_ACCOUNT)),
            Map.entry("btc", EnumSet.of(IndicatorType.INDICATOR_TYPE_WALLET)),
            Map.entry("xmr", EnumSet.of(IndicatorType.INDICATOR_TYPE_WALLET)),
            Map.entry("dash", EnumSet.of(IndicatorType.INDICATOR_TYPE_WALLET)),
            Map.entry("md5", EnumSet.of(IndicatorType.INDICATOR_TYPE_MD5)),
            Map.entry("filename|md5", EnumSet.of(IndicatorType.INDICATOR_TYPE_MD5)),
            Map.entry("sha1", EnumSet.of(IndicatorType.INDICATOR_TYPE_SHA1)),
            Map.entry("filename|sha1", EnumSet.of(IndicatorType.INDICATOR_TYPE_SHA1)),
            Map.entry("sha256", EnumSet.of(IndicatorType.INDICATOR_TYPE_SHA256)),
            Map.entry("filename|sha256", EnumSet.of(IndicatorType.INDICATOR_TYPE_SHA256)),
            Map.entry("sha512", EnumSet.of(IndicatorType.INDICATOR_TYPE_SHA512)),
            Map.entry("filename|sha512", EnumSet.of(IndicatorType.INDICATOR_TYPE_SHA512)));

    private MispAttributeTypes() {}

    /**
     * The types a list applies to: every type for no attribute types (MISP's rule) or "ALL"; otherwise those the
     * named MISP types map to. MISP types Jaring holds no indicator of (ssdeep, filename, ...) add nothing, so a
     * list that names only such types applies to no value here.
     */
    static Set<IndicatorType> of(List<String> mispTypes) {
        if (mispTypes.isEmpty()) {
            return all();
        }
        Set<IndicatorType> types = EnumSet.noneOf(IndicatorType.class);
        for (String t : mispTypes) {
            String key = t.trim().toLowerCase(Locale.ROOT);
            if (key.equals("all")) {
                return all();
            }
            types.addAll(BY_MISP_TYPE.getOrDefault(key, Set.of()));
        }
        return types;
    }

    private static Set<IndicatorType> all() {
        Set<IndicatorType> types = EnumSet.allOf(IndicatorType.class);
        types.remove(IndicatorType.UNRECOGNIZED);
        types.remove(IndicatorType.INDICATOR_TYPE_UNSPECIFIED);
        return types;
    }

    private static Set<IndicatorType> union(Set<IndicatorType> set, IndicatorType more) {
        Set<IndicatorType> types = EnumSet.copyOf(set);
        types.add(more);
        return types;
    }
}
