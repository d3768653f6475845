package org.jaring.cli.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.core.vocab.OffenceCodes;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;

/**
 * Reads a STIX 2.1 bundle: indicators whose pattern is one comparison, or comparisons joined by OR, of the
 * form {@code object:path = 'value'} over types Jaring holds; and the observables (SCOs) themselves.
 * Indicators are read before observables so that an indicator's TLP, confidence and offences win when the
 * bundle carries both for one value.
 */
final class StixReader {
    private static final Pattern COMPARISON = Pattern.compile(
            "([a-z0-9][a-z0-9-]*):((?:[A-Za-z0-9_-]+|'[^']*')(?:\\.(?:[A-Za-z0-9_-]+|'[^']*'))*)\\s*=\\s*'((?:[^'\\\\]|\\\\.)*)'");
    private static final Pattern ONLY_OR = Pattern.compile("[\\s\\[\\]()]*(OR[\\s\\[\\]()]*)*");
    private static final Set<String> SCO_TYPES = Set.of(
            "artifact",
            "autonomous-system",
            "directory",
            "domain-name",
            "email-addr",
            "email-message",
            "file",
            "ipv4-addr",
            "ipv6-addr",
            "mac-addr",
            "mutex",
            "network-traffic",
            "process",
            "software",
            "url",
            "user-account",
            "windows-registry-key",
            "x509-certificate",
            StixVocab.PHONE,
            StixVocab.BANK_ACCOUNT,
            StixVocab.WALLET,
            StixVocab.HANDLE);

    private StixReader() {}

    static ParsedFile read(JsonNode bundle) {
        ParsedFile out = new ParsedFile();
        JsonNode objects = bundle.path("objects");
        List<JsonNode> observables = new ArrayList<>();
        for (JsonNode o : objects) {
            String type = o.path("type").asText();
            if (type.equals("indicator")) {
                indicator(o, out);
            } else if (SCO_TYPES.contains(type)) {
                observables.add(o);
            } else {
                out.skipped++;
            }
        }
        for (JsonNode o : observables) {
            observable(o, out);
        }
        return out;
    }

    private static void indicator(JsonNode o, ParsedFile out) {
        String id = o.path("id").asText("indicator without id");
        String pattern = o.path("pattern").asText("");
        if (o.path("revoked").asBoolean(false)) {
            out.refuse(id, "indicator", pattern, "revoked indicator");
            return;
        }
        String patternType = o.path("pattern_type").asText("");
        if (!patternType.equals("stix")) {
            out.refuse(id, "indicator", pattern, "pattern_type '" + patternType + "' is not supported; only stix");
            return;
        }
        List<String[]> comparisons = new ArrayList<>();
        Matcher m = COMPARISON.matcher(pattern);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (m.find()) {
            rest.append(pattern, last, m.start());
            last = m.end();
            comparisons.add(new String[] {m.group(1), m.group(2), unescape(m.group(3))});
        }
        rest.append(pattern.substring(last));
        if (comparisons.isEmpty() || !ONLY_OR.matcher(rest).matches()) {
            out.refuse(
                    id,
                    "indicator",
                    pattern,
                    "unsupported pattern: only '=' comparisons joined by OR are read"
                            + " (no AND, !=, LIKE, MATCHES, qualifiers or observation operators)");
            return;
        }
        ImportItem base = new ImportItem(id);
        common(o, base);
        if (o.hasNonNull("valid_until")) {
            base.validUntil = time(o.get("valid_until"));
        }
        for (int n = 0; n < comparisons.size(); n++) {
            String[] c = comparisons.get(n);
            String position = comparisons.size() == 1 ? id : id + " comparison " + (n + 1);
            String path = c[0] + ":" + c[1];
            IndicatorType type = pathType(c[0], c[1]);
            if (type == null) {
                out.refuse(position, path, c[2], "no Jaring indicator type for " + path);
                continue;
            }
            ImportItem item = base.copyFor(position, type, c[2]);
            item.sourceType = path;
            restrict(item, c[0]);
            out.items.add(item);
        }
    }

    private static void observable(JsonNode o, ParsedFile out) {
        String id = o.path("id").asText("observable without id");
        String type = o.path("type").asText();
        ImportItem base = new ImportItem(id);
        common(o, base);
        if (type.equals("file")) {
            JsonNode hashes = o.path("hashes");
            int found = 0;
            for (var e : hashes.properties()) {
                IndicatorType t = StixVocab.hashType(e.getKey());
                if (t == null) {
                    out.refuse(
                            id + " hashes." + e.getKey(),
                            "file",
                            e.getValue().asText(),
                            "hash algorithm " + e.getKey() + " is not held (MD5, SHA-1, SHA-256, SHA-512 are)");
                    continue;
                }
                ImportItem item = base.copyFor(
                        id + " hashes." + e.getKey(), t, e.getValue().asText());
                item.sourceType = "file:hashes." + e.getKey();
                out.items.add(item);
                found++;
            }
            if (found == 0 && hashes.isEmpty()) {
                out.refuse(id, "file", o.path("name").asText(""), "a file without hashes is not an indicator");
            }
            return;
        }
        IndicatorType t = pathType(type, "value");
        if (t == null || !o.hasNonNull("value")) {
            out.refuse(
                    id, type, o.path("value").asText(""), "observable type " + type + " has no Jaring indicator type");
            return;
        }
        ImportItem item = base.copyFor(id, t, o.get("value").asText());
        item.sourceType = type;
        restrict(item, type);
        out.items.add(item);
    }

    /** TLP from object_marking_refs, confidence, offences from labels "CC.X", description as note. */
    private static void common(JsonNode o, ImportItem item) {
        for (JsonNode ref : o.path("object_marking_refs")) {
            Tlp tlp = StixVocab.tlpOfMarking(ref.asText());
            if (tlp != null) {
                item.tlp = tlp;
            }
        }
        if (o.has("confidence") && o.get("confidence").canConvertToInt()) {
            item.confidence = o.get("confidence").asInt();
        }
        for (JsonNode label : o.path("labels")) {
            String l = label.asText();
            if (l.toUpperCase(Locale.ROOT).startsWith("CC.")) {
                try {
                    Offence offence = OffenceCodes.parse(l);
                    if (!item.offences.contains(offence)) {
                        item.offences.add(offence);
                    }
                } catch (IllegalArgumentException ignored) {
                    // other labels are free text
                }
            }
        }
        String description = o.path("description").asText("");
        item.note = description.length() > 2000 ? description.substring(0, 2000) : description;
    }

    private static void restrict(ImportItem item, String objectType) {
        if (objectType.equals("ipv4-addr") || objectType.equals("ipv6-addr")) {
            item.type = IndicatorType.INDICATOR_TYPE_UNSPECIFIED;
            item.accept = MispVocab.IP;
        } else if (objectType.equals(StixVocab.BANK_ACCOUNT)) {
            item.type = IndicatorType.INDICATOR_TYPE_UNSPECIFIED;
            item.accept = Set.of(IndicatorType.INDICATOR_TYPE_IBAN, IndicatorType.INDICATOR_TYPE_BANK_ACCOUNT);
        }
    }

    private static IndicatorType pathType(String object, String path) {
        if (object.equals("file")) {
            if (!path.startsWith("hashes.")) {
                return null;
            }
            return StixVocab.hashType(path.substring("hashes.".length()).replace("'", ""));
        }
        if (!path.equals("value")) {
            return null;
        }
        return switch (object) {
            case "ipv4-addr" -> IndicatorType.INDICATOR_TYPE_IPV4;
            case "ipv6-addr" -> IndicatorType.INDICATOR_TYPE_IPV6;
            case "domain-name" -> IndicatorType.INDICATOR_TYPE_DOMAIN;
            case "url" -> IndicatorType.INDICATOR_TYPE_URL;
            case "email-addr" -> IndicatorType.INDICATOR_TYPE_EMAIL;
            case StixVocab.PHONE -> IndicatorType.INDICATOR_TYPE_PHONE;
            case StixVocab.BANK_ACCOUNT -> IndicatorType.INDICATOR_TYPE_BANK_ACCOUNT;
            case StixVocab.WALLET -> IndicatorType.INDICATOR_TYPE_WALLET;
            case StixVocab.HANDLE -> IndicatorType.INDICATOR_TYPE_HANDLE;
            default -> null;
        };
    }

    private static String unescape(String s) {
        return s.replace("\\'", "'").replace("\\\\", "\\");
    }

    static Instant time(JsonNode n) {
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
