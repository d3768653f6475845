package org.jaring.cli.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Tlp;

/** STIX 2.1 names for Jaring's types and TLP levels (docs/interop.md, "STIX 2.1"). */
final class StixVocab {
    /** The TLP 2.0 marking-definition extension (FIRST) and its fixed marking-definition ids. */
    static final String TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    static final String TLP2_CREATED = "2022-10-01T00:00:00.000Z";
    static final String TLP2_CREATED_BY = "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01";

    /** Jaring's extension-definition for the values STIX has no object for (phones, accounts, wallets, handles). */
    static final String JARING_EXTENSION = "extension-definition--47d9340c-85db-404d-ae97-47f81dd9b72a";

    static final String JARING_EXTENSION_SCHEMA =
            "https://github.com/jaring/jaring/blob/main/docs/interop.md#stix-extension";
    static final String PHONE = "jaring-phone-number";
    static final String BANK_ACCOUNT = "jaring-bank-account";
    static final String WALLET = "jaring-wallet";
    static final String HANDLE = "jaring-handle";

    private static final Map<Tlp, String> TLP2_IDS = Map.of(
            Tlp.TLP_CLEAR, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            Tlp.TLP_GREEN, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            Tlp.TLP_AMBER, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            Tlp.TLP_AMBER_STRICT, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            Tlp.TLP_RED, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");

    /** TLP 1.0 markings of STIX 2.1 section 7.2.1.4, still common in the wild: read, never written. */
    private static final Map<String, Tlp> TLP1_IDS = Map.of(
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Tlp.TLP_CLEAR,
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp.TLP_GREEN,
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Tlp.TLP_AMBER,
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp.TLP_RED);

    private StixVocab() {}

    static String markingId(Tlp tlp) {
        return TLP2_IDS.get(tlp);
    }

    static Tlp tlpOfMarking(String id) {
        for (Map.Entry<Tlp, String> e : TLP2_IDS.entrySet()) {
            if (e.getValue().equals(id)) {
                return e.getKey();
            }
        }
        return TLP1_IDS.get(id);
    }

    /**
     * The TLP a marking reference sets: a standard TLP 2.0 or 1.0 id, else the bundle's own definition of it
     * ({@code definition}, may be null) when that is a tlp marking (definition_type "tlp" or the TLP 2.0
     * extension). Null for a statement marking, which carries no handling. IllegalArgumentException for anything
     * else: a marking that cannot be read fails closed, the object is refused rather than shared by default.
     */
    static Tlp tlpOfMarking(String id, JsonNode definition) {
        Tlp standard = tlpOfMarking(id);
        if (standard != null) {
            return standard;
        }
        if (definition == null) {
            throw new IllegalArgumentException("marking " + id + " is neither a TLP marking nor defined in the bundle;"
                    + " handling that cannot be read is refused");
        }
        JsonNode tlp2 = definition.path("extensions").path(TLP2_EXTENSION).path("tlp_2_0");
        String name = null;
        if (tlp2.isTextual()) {
            name = tlp2.textValue();
        } else if (definition.path("definition_type").asText().equals("tlp")) {
            name = definition.path("definition").path("tlp").asText("");
        } else if (definition.path("definition_type").asText().equals("statement")
                || definition.path("definition").has("statement")) {
            return null;
        }
        if (name == null) {
            throw new IllegalArgumentException("marking " + id + " is of a kind Jaring cannot read (neither TLP nor a"
                    + " statement); handling that cannot be read is refused");
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "clear", "white" -> Tlp.TLP_CLEAR;
            case "green" -> Tlp.TLP_GREEN;
            case "amber" -> Tlp.TLP_AMBER;
            case "amber+strict" -> Tlp.TLP_AMBER_STRICT;
            case "red" -> Tlp.TLP_RED;
            default ->
                throw new IllegalArgumentException("marking " + id + " names TLP '" + name
                        + "', which is not a TLP level; handling that cannot" + " be read is refused");
        };
    }

    static String tlpName(Tlp tlp) {
        return switch (tlp) {
            case TLP_CLEAR -> "clear";
            case TLP_GREEN -> "green";
            case TLP_AMBER -> "amber";
            case TLP_AMBER_STRICT -> "amber+strict";
            default -> "red";
        };
    }

    /** The SCO type and the pattern path for a Jaring type. */
    static String objectType(IndicatorType type, String value) {
        return switch (type) {
            case INDICATOR_TYPE_IPV4 -> "ipv4-addr";
            case INDICATOR_TYPE_IPV6 -> "ipv6-addr";
            case INDICATOR_TYPE_CIDR -> value.contains(":") ? "ipv6-addr" : "ipv4-addr";
            case INDICATOR_TYPE_DOMAIN -> "domain-name";
            case INDICATOR_TYPE_URL -> "url";
            case INDICATOR_TYPE_EMAIL -> "email-addr";
            case INDICATOR_TYPE_MD5, INDICATOR_TYPE_SHA1, INDICATOR_TYPE_SHA256, INDICATOR_TYPE_SHA512 -> "file";
            case INDICATOR_TYPE_PHONE -> PHONE;
            case INDICATOR_TYPE_IBAN, INDICATOR_TYPE_BANK_ACCOUNT -> BANK_ACCOUNT;
            case INDICATOR_TYPE_WALLET -> WALLET;
            case INDICATOR_TYPE_HANDLE -> HANDLE;
            default -> throw new IllegalArgumentException("no STIX object for " + type);
        };
    }

    /** The STIX hash algorithm name (hashing-algorithm-ov) of a hash type. */
    static String hashName(IndicatorType type) {
        return switch (type) {
            case INDICATOR_TYPE_MD5 -> "MD5";
            case INDICATOR_TYPE_SHA1 -> "SHA-1";
            case INDICATOR_TYPE_SHA256 -> "SHA-256";
            case INDICATOR_TYPE_SHA512 -> "SHA-512";
            default -> null;
        };
    }

    static IndicatorType hashType(String algorithm) {
        String a = algorithm.toUpperCase(Locale.ROOT).replace("-", "");
        return switch (a) {
            case "MD5" -> IndicatorType.INDICATOR_TYPE_MD5;
            case "SHA1" -> IndicatorType.INDICATOR_TYPE_SHA1;
            case "SHA256" -> IndicatorType.INDICATOR_TYPE_SHA256;
            case "SHA512" -> IndicatorType.INDICATOR_TYPE_SHA512;
            default -> null;
        };
    }
}
