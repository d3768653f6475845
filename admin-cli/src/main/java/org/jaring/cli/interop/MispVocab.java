package org.jaring.cli.interop;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jaring.core.vocab.OffenceCodes;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;

/** MISP attribute types and tags as Jaring reads and writes them (docs/interop.md, "MISP"). */
final class MispVocab {
    static final Set<IndicatorType> IP = EnumSet.of(
            IndicatorType.INDICATOR_TYPE_IPV4, IndicatorType.INDICATOR_TYPE_IPV6, IndicatorType.INDICATOR_TYPE_CIDR);

    /** How one MISP attribute type (or one half of a composite type) becomes an indicator. */
    record Mapping(IndicatorType type, Set<IndicatorType> accept, String prefix) {}

    private static final Map<String, Mapping> TYPES = Map.ofEntries(
            Map.entry("ip-src", ip()),
            Map.entry("ip-dst", ip()),
            Map.entry("domain", of(IndicatorType.INDICATOR_TYPE_DOMAIN)),
            Map.entry("hostname", of(IndicatorType.INDICATOR_TYPE_DOMAIN)),
            Map.entry("url", of(IndicatorType.INDICATOR_TYPE_URL)),
            Map.entry("link", of(IndicatorType.INDICATOR_TYPE_URL)),
            Map.entry("email", of(IndicatorType.INDICATOR_TYPE_EMAIL)),
            Map.entry("email-src", of(IndicatorType.INDICATOR_TYPE_EMAIL)),
            Map.entry("email-dst", of(IndicatorType.INDICATOR_TYPE_EMAIL)),
            Map.entry("email-reply-to", of(IndicatorType.INDICATOR_TYPE_EMAIL)),
            Map.entry("target-email", of(IndicatorType.INDICATOR_TYPE_EMAIL)),
            Map.entry("whois-registrant-email", of(IndicatorType.INDICATOR_TYPE_EMAIL)),
            Map.entry("md5", of(IndicatorType.INDICATOR_TYPE_MD5)),
            Map.entry("sha1", of(IndicatorType.INDICATOR_TYPE_SHA1)),
            Map.entry("sha256", of(IndicatorType.INDICATOR_TYPE_SHA256)),
            Map.entry("sha512", of(IndicatorType.INDICATOR_TYPE_SHA512)),
            Map.entry("btc", new Mapping(IndicatorType.INDICATOR_TYPE_WALLET, null, "BTC:")),
            Map.entry("xmr", new Mapping(IndicatorType.INDICATOR_TYPE_WALLET, null, "XMR:")),
            Map.entry("dash", new Mapping(IndicatorType.INDICATOR_TYPE_WALLET, null, "DASH:")),
            Map.entry("phone-number", of(IndicatorType.INDICATOR_TYPE_PHONE)),
            Map.entry("whois-registrant-phone", of(IndicatorType.INDICATOR_TYPE_PHONE)),
            Map.entry("iban", of(IndicatorType.INDICATOR_TYPE_IBAN)),
            Map.entry("bank-account-nr", of(IndicatorType.INDICATOR_TYPE_BANK_ACCOUNT)));

    static final String PORT = "port";
    static final String FILENAME = "filename";

    /**
     * Composite types and their two halves. A half named {@value #PORT} or {@value #FILENAME} is not an
     * indicator Jaring holds (the indicator model has no port or file name field): it is checked, dropped, and
     * the drop is written to the import report beside the value that was stored.
     */
    private static final Map<String, List<String>> COMPOSITES = Map.ofEntries(
            Map.entry("domain|ip", List.of("domain", "ip-dst")),
            Map.entry("hostname|port", List.of("hostname", PORT)),
            Map.entry("ip-src|port", List.of("ip-src", PORT)),
            Map.entry("ip-dst|port", List.of("ip-dst", PORT)),
            Map.entry("filename|md5", List.of(FILENAME, "md5")),
            Map.entry("filename|sha1", List.of(FILENAME, "sha1")),
            Map.entry("filename|sha256", List.of(FILENAME, "sha256")),
            Map.entry("filename|sha512", List.of(FILENAME, "sha512")));

    /**
     * The MISP categories Jaring writes, per MISP type: each is MISP's own default category for the type and is
     * in the type's allowed list (category_type_mappings of MISP's describeTypes.json, as PyMISP ships it);
     * {@code MispVocabTest} holds the allowed lists and checks this table against them.
     */
    private static final Map<String, String> CATEGORIES = Map.ofEntries(
            Map.entry("ip-dst", "Network activity"),
            Map.entry("domain", "Network activity"),
            Map.entry("url", "Network activity"),
            Map.entry("email", "Social network"),
            Map.entry("phone-number", "Person"),
            Map.entry("iban", "Financial fraud"),
            Map.entry("bank-account-nr", "Financial fraud"),
            Map.entry("btc", "Financial fraud"),
            Map.entry("xmr", "Financial fraud"),
            Map.entry("dash", "Financial fraud"),
            Map.entry("md5", "Payload delivery"),
            Map.entry("sha1", "Payload delivery"),
            Map.entry("sha256", "Payload delivery"),
            Map.entry("sha512", "Payload delivery"));

    private MispVocab() {}

    private static Mapping of(IndicatorType t) {
        return new Mapping(t, null, "");
    }

    private static Mapping ip() {
        return new Mapping(IndicatorType.INDICATOR_TYPE_UNSPECIFIED, IP, "");
    }

    static Mapping mapping(String mispType) {
        return TYPES.get(mispType);
    }

    /** The parts of a composite type, or null when {@code mispType} is not composite. */
    static List<String> composite(String mispType) {
        return COMPOSITES.get(mispType);
    }

    /** The MISP attribute type Jaring writes for a type ("btc"/"xmr" wallets are decided by the caller). */
    static String attributeType(IndicatorType type) {
        return switch (type) {
            case INDICATOR_TYPE_IPV4, INDICATOR_TYPE_IPV6, INDICATOR_TYPE_CIDR -> "ip-dst";
            case INDICATOR_TYPE_DOMAIN -> "domain";
            case INDICATOR_TYPE_URL -> "url";
            case INDICATOR_TYPE_EMAIL -> "email";
            case INDICATOR_TYPE_PHONE -> "phone-number";
            case INDICATOR_TYPE_IBAN -> "iban";
            case INDICATOR_TYPE_BANK_ACCOUNT -> "bank-account-nr";
            case INDICATOR_TYPE_MD5 -> "md5";
            case INDICATOR_TYPE_SHA1 -> "sha1";
            case INDICATOR_TYPE_SHA256 -> "sha256";
            case INDICATOR_TYPE_SHA512 -> "sha512";
            default -> "text";
        };
    }

    /**
     * The category written for an attribute of MISP type {@code mispType} ("text" is used for handles, in
     * "Social network", and inside coin-address objects, in "Financial fraud"; both are allowed for text).
     */
    static String category(String mispType, IndicatorType type) {
        if (mispType.equals("text")) {
            return type == IndicatorType.INDICATOR_TYPE_WALLET ? "Financial fraud" : "Social network";
        }
        String c = CATEGORIES.get(mispType);
        if (c == null) {
            throw new IllegalArgumentException("no MISP category for type " + mispType);
        }
        return c;
    }

    /**
     * The parts of a composite attribute as items to check, each with {@code base}'s fields; a dropped half (a
     * port, a file name) becomes a note on the kept ones. IllegalArgumentException says why the value cannot be
     * split.
     */
    static List<ImportItem> split(ImportItem base, String compositeType, String value) {
        List<String> parts = COMPOSITES.get(compositeType);
        String[] values = value.split("\\|", -1);
        if (values.length != 2) {
            throw new IllegalArgumentException(
                    "composite type " + compositeType + " needs exactly two values separated by '|'");
        }
        List<ImportItem> items = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            String part = parts.get(n);
            String v = values[n].strip();
            if (part.equals(PORT)) {
                notes.add(portDropped(v));
            } else if (part.equals(FILENAME)) {
                notes.add("file name '" + v + "' dropped: Jaring holds no file names");
            } else {
                Mapping m = TYPES.get(part);
                ImportItem item = base.copyFor(
                        base.position, m.type(), m.prefix().isEmpty() || v.contains(":") ? v : m.prefix() + v);
                item.accept = m.accept();
                item.sourceType = compositeType;
                items.add(item);
            }
        }
        for (ImportItem item : items) {
            item.notes.addAll(notes);
        }
        return items;
    }

    /** The note for a port that was read and dropped; IllegalArgumentException when it is not a port number. */
    static String portDropped(String port) {
        if (port.isEmpty()
                || port.length() > 5
                || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("port '" + port + "' is not a port number (0 to 65535)");
        }
        return "port " + Integer.parseInt(port) + " dropped: Jaring holds no ports";
    }

    static String tlpTag(Tlp tlp) {
        return switch (tlp) {
            case TLP_CLEAR -> "tlp:clear";
            case TLP_GREEN -> "tlp:green";
            case TLP_AMBER -> "tlp:amber";
            case TLP_AMBER_STRICT -> "tlp:amber+strict";
            default -> "tlp:red";
        };
    }

    /**
     * The TLP of a tag such as "tlp:amber+strict" or "tlp:white"; null for a tag outside the tlp namespace.
     * IllegalArgumentException for a tlp: tag that names no TLP level ("tlp:ex:chr", "tlp:unclear", "tlp:redd"):
     * handling that cannot be read is refused, never guessed.
     */
    static Tlp tlp(String tag) {
        String t = tag.strip().toLowerCase(Locale.ROOT);
        if (!t.startsWith("tlp:")) {
            return null;
        }
        return switch (t) {
            case "tlp:clear", "tlp:white" -> Tlp.TLP_CLEAR;
            case "tlp:green" -> Tlp.TLP_GREEN;
            case "tlp:amber" -> Tlp.TLP_AMBER;
            case "tlp:amber+strict" -> Tlp.TLP_AMBER_STRICT;
            case "tlp:red" -> Tlp.TLP_RED;
            default ->
                throw new IllegalArgumentException("tag '" + tag.strip() + "' is not a TLP level Jaring can read"
                        + " (tlp:clear, tlp:white, tlp:green, tlp:amber, tlp:amber+strict, tlp:red); fix or remove the"
                        + " tag");
        };
    }

    /**
     * Checks a PAP tag (PAP:CLEAR/WHITE/GREEN/AMBER/RED): true for a known one (Jaring has no PAP, so it is
     * counted as ignored), false for a tag outside the PAP namespace; IllegalArgumentException for an unknown
     * PAP level.
     */
    static boolean pap(String tag) {
        String t = tag.strip().toLowerCase(Locale.ROOT);
        if (!t.startsWith("pap:")) {
            return false;
        }
        return switch (t) {
            case "pap:clear", "pap:white", "pap:green", "pap:amber", "pap:red" -> true;
            default ->
                throw new IllegalArgumentException("tag '" + tag.strip() + "' is not a PAP level (PAP:CLEAR, PAP:WHITE,"
                        + " PAP:GREEN, PAP:AMBER, PAP:RED); fix or remove the tag");
        };
    }

    static String offenceTag(Offence offence) {
        return "jaring:offence=\"" + OffenceCodes.code(offence) + "\"";
    }

    /**
     * The offence a tag implies, or null: Jaring's own jaring:offence="CC.X", and the rsit and
     * europol-incident machine tags where the incident class is one of the treaty offences.
     */
    static Offence offence(String tag) {
        String t = tag.strip().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String namespace = t.substring(0, colon);
        String rest = t.substring(colon + 1);
        String predicate = rest;
        String value = "";
        int eq = rest.indexOf('=');
        if (eq >= 0) {
            predicate = rest.substring(0, eq);
            value = rest.substring(eq + 1).replace("\"", "");
        }
        switch (namespace) {
            case "jaring":
                if (predicate.equals("offence")) {
                    try {
                        return OffenceCodes.parse(value);
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }
                return null;
            case "rsit":
                return switch (predicate) {
                    case "malicious-code" -> Offence.OFFENCE_MISUSE_DEVICES;
                    case "intrusions", "intrusion-attempts" -> Offence.OFFENCE_ACCESS;
                    case "availability" ->
                        value.equals("dos") || value.equals("ddos") || value.equals("sabotage")
                                ? Offence.OFFENCE_SYSTEM_INTERFERENCE
                                : null;
                    case "information-gathering" -> value.equals("sniffing") ? Offence.OFFENCE_INTERCEPT : null;
                    case "information-content-security" ->
                        switch (value) {
                            case "unauthorised-information-access" -> Offence.OFFENCE_ACCESS;
                            case "unauthorised-information-modification" -> Offence.OFFENCE_DATA_INTERFERENCE;
                            default -> null;
                        };
                    case "fraud" ->
                        switch (value) {
                            case "phishing", "masquerade" -> Offence.OFFENCE_FRAUD;
                            case "copyright" -> Offence.OFFENCE_COPYRIGHT;
                            default -> null;
                        };
                    default -> null;
                };
            case "europol-incident":
                return switch (predicate) {
                    case "malware" -> Offence.OFFENCE_MISUSE_DEVICES;
                    case "availability" -> Offence.OFFENCE_SYSTEM_INTERFERENCE;
                    case "intrusion", "intrusion-attempt" -> Offence.OFFENCE_ACCESS;
                    case "fraud" -> Offence.OFFENCE_FRAUD;
                    case "information-gathering" ->
                        switch (value) {
                            case "phishing" -> Offence.OFFENCE_FRAUD;
                            case "sniffing" -> Offence.OFFENCE_INTERCEPT;
                            default -> null;
                        };
                    case "information-security" ->
                        switch (value) {
                            case "unauthorized-access" -> Offence.OFFENCE_ACCESS;
                            case "unauthorized-modification" -> Offence.OFFENCE_DATA_INTERFERENCE;
                            default -> null;
                        };
                    case "abusive-content" -> value.equals("copyright") ? Offence.OFFENCE_COPYRIGHT : null;
                    default -> null;
                };
            default:
                return null;
        }
    }
}
