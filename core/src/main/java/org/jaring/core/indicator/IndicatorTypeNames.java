package org.jaring.core.indicator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jaring.v1.IndicatorType;

/** Short, stable names of indicator types for the CLI, import files and documentation. */
public final class IndicatorTypeNames {
    private static final Map<IndicatorType, String> NAMES = new EnumMap<>(IndicatorType.class);
    private static final Map<String, IndicatorType> TYPES = new LinkedHashMap<>();

    static {
        add(IndicatorType.INDICATOR_TYPE_IPV4, "ipv4");
        add(IndicatorType.INDICATOR_TYPE_IPV6, "ipv6");
        add(IndicatorType.INDICATOR_TYPE_CIDR, "cidr");
        add(IndicatorType.INDICATOR_TYPE_DOMAIN, "domain");
        add(IndicatorType.INDICATOR_TYPE_URL, "url");
        add(IndicatorType.INDICATOR_TYPE_EMAIL, "email");
        add(IndicatorType.INDICATOR_TYPE_PHONE, "phone");
        add(IndicatorType.INDICATOR_TYPE_IBAN, "iban");
        add(IndicatorType.INDICATOR_TYPE_BANK_ACCOUNT, "bank-account");
        add(IndicatorType.INDICATOR_TYPE_WALLET, "wallet");
        add(IndicatorType.INDICATOR_TYPE_MD5, "md5");
        add(IndicatorType.INDICATOR_TYPE_SHA1, "sha1");
        add(IndicatorType.INDICATOR_TYPE_SHA256, "sha256");
        add(IndicatorType.INDICATOR_TYPE_SHA512, "sha512");
        add(IndicatorType.INDICATOR_TYPE_HANDLE, "handle");
    }

    private IndicatorTypeNames() {}

    /** The short name, e.g. "bank-account"; UNSPECIFIED has none. */
    public static String name(IndicatorType type) {
        String name = NAMES.get(type);
        if (name == null) {
            throw new IllegalArgumentException(type + " has no name: it is not a concrete indicator type");
        }
        return name;
    }

    /** Parses a short name, ignoring case and treating '_' like '-' ("BANK_ACCOUNT" works). */
    public static IndicatorType parse(String name) {
        IndicatorType type = name == null
                ? null
                : TYPES.get(name.strip().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (type == null) {
            throw new IllegalArgumentException(
                    "unknown indicator type '" + name + "'; accepted: " + String.join(", ", TYPES.keySet()));
        }
        return type;
    }

    /** Every short name, in the order of the enum. */
    public static Map<String, IndicatorType> all() {
        return Collections.unmodifiableMap(TYPES);
    }

    private static void add(IndicatorType type, String name) {
        NAMES.put(type, name);
        TYPES.put(name, type);
    }
}
