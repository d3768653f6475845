package org.jaring.cli.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jaring.cli.UserError;
import org.jaring.core.vocab.OffenceCodes;
import org.jaring.core.vocab.TlpNames;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;

/**
 * Reads a STIX 2.1 bundle: indicators whose pattern (parsed by {@link StixPattern}, the STIX 2.1 pattern
 * grammar) is one comparison, or comparisons joined by OR, of the form {@code object:path = 'value'} over types
 * Jaring holds, or the network-traffic form {@code [network-traffic:dst_ref.value = '1.2.3.4' AND
 * network-traffic:dst_port = 443]} (the port is reported as dropped); and the observables (SCOs) themselves.
 * Indicators are read before observables so that an indicator's TLP, confidence and offences win when the
 * bundle carries both for one value.
 *
 * <p>Markings fail closed: every marking on an object (object_marking_refs and granular_markings) is read; TLP
 * markings (TLP 2.0, TLP 1.0, or a tlp marking-definition in the bundle) combine to the most restrictive, a
 * statement marking carries no handling, and any marking that cannot be read (not defined in the bundle, of
 * another kind, an unknown TLP name) refuses the object with the reason.
 */
final class StixReader {
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

    private static final String EXPECTED =
            "expected a STIX 2.1 bundle: a JSON object with \"type\": \"bundle\" and an \"objects\" array";

    private StixReader() {}

    static ParsedFile read(JsonNode bundle) {
        if (bundle == null
                || !bundle.isObject()
                || !"bundle".equals(bundle.path("type").asText())) {
            throw new UserError("not a STIX bundle: " + EXPECTED
                    + (bundle != null && bundle.isObject() && bundle.has("type")
                            ? " (this is a " + bundle.get("type") + ")"
                            : ""));
        }
        JsonNode objects = bundle.path("objects");
        if (!objects.isMissingNode() && !objects.isArray()) {
            throw new UserError("not a STIX bundle: \"objects\" is not an array; " + EXPECTED);
        }
        ParsedFile out = new ParsedFile();
        Map<String, JsonNode> markings = new HashMap<>();
        for (JsonNode o : objects) {
            if (o.isObject() && o.path("type").asText().equals("marking-definition")) {
                markings.put(o.path("id").asText(), o);
            }
        }
        List<JsonNode> observables = new ArrayList<>();
        int n = 0;
        for (JsonNode o : objects) {
            n++;
            if (!o.isObject()) {
                out.refuse("objects[" + (n - 1) + "]", "", "", "a bundle entry that is not a JSON object");
                continue;
            }
            String type = o.path("type").asText();
            if (type.equals("indicator")) {
                indicator(o, markings, out);
            } else if (SCO_TYPES.contains(type)) {
                observables.add(o);
            } else if (type.equals("sighting")) {
                out.ignore("STIX sightings", 1);
            } else {
                out.skipped++;
            }
        }
        for (JsonNode o : observables) {
            observable(o, markings, out);
        }
        return out;
    }

    private static void indicator(JsonNode o, Map<String, JsonNode> markings, ParsedFile out) {
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
        StixPattern.Observation parsed;
        try {
            parsed = StixPattern.parse(pattern);
        } catch (StixPattern.SyntaxError e) {
            out.refuse(id, "indicator", pattern, "not a STIX 2.1 pattern: " + e.getMessage());
            return;
        }
        List<ImportItem> comparisons = new ArrayList<>();
        String unsupported = equalities(parsed, comparisons);
        if (unsupported != null) {
            out.refuse(
                    id,
                    "indicator",
                    pattern,
                    "unsupported pattern: " + unsupported + "; only '=' comparisons joined by OR are read"
                            + " (no AND except network-traffic address and port, no !=, LIKE, MATCHES, qualifiers or"
                            + " FOLLOWEDBY)");
            return;
        }
        ImportItem base = new ImportItem(id);
        String problem = common(o, base, markings);
        if (problem != null) {
            out.refuse(id, "indicator", pattern, problem);
            return;
        }
        if (o.hasNonNull("valid_until")) {
            base.validUntil = time(o.get("valid_until"));
            if (base.validUntil == null) {
                out.refuse(
                        id, "indicator", pattern, "valid_until " + o.get("valid_until") + " is not a STIX timestamp");
                return;
            }
        }
        for (int n = 0; n < comparisons.size(); n++) {
            ImportItem c = comparisons.get(n);
            String position = comparisons.size() == 1 ? id : id + " comparison " + (n + 1);
            if (c.type == null) {
                out.refuse(position, c.sourceType, c.raw, "no Jaring indicator type for " + c.sourceType);
                continue;
            }
            ImportItem item = base.copyFor(position, c.type, c.raw);
            item.sourceType = c.sourceType;
            item.accept = c.accept;
            item.notes.addAll(c.notes);
            out.items.add(item);
        }
    }

    /**
     * Collects the comparisons of a pattern that is an OR of '=' tests (as items with type, accepted types and
     * value; type null for a path Jaring has no type for); returns what makes it unsupported, or null.
     */
    private static String equalities(StixPattern.Observation o, List<ImportItem> into) {
        if (o instanceof StixPattern.Observations s) {
            if (s.qualified() || !s.operator().equals("OR")) {
                return s.qualified()
                        ? "a qualifier (WITHIN, REPEATS, START/STOP)"
                        : s.operator() + " between observations";
            }
            String left = equalities(s.left(), into);
            return left != null ? left : equalities(s.right(), into);
        }
        StixPattern.Observed d = (StixPattern.Observed) o;
        if (d.qualified()) {
            return "a qualifier (WITHIN, REPEATS, START/STOP)";
        }
        return comparisons(d.comparison(), into);
    }

    private static String comparisons(StixPattern.Comparison c, List<ImportItem> into) {
        if (c instanceof StixPattern.Comparisons s) {
            if (s.operator().equals("AND")) {
                return networkTraffic(s, into);
            }
            String left = comparisons(s.left(), into);
            return left != null ? left : comparisons(s.right(), into);
        }
        StixPattern.Test t = (StixPattern.Test) c;
        if (t.negated() || !t.operator().equals("=")) {
            return (t.negated() ? "NOT " : "") + t.operator() + " in " + t.objectType() + ":" + t.path();
        }
        if (!t.string()) {
            return "a comparison with " + t.literal() + ", which is not a string";
        }
        ImportItem item = new ImportItem("");
        item.sourceType = t.objectType() + ":" + t.path();
        item.raw = t.literal();
        item.type = pathType(t.objectType(), t.path());
        restrict(item, t.objectType());
        into.add(item);
        return null;
    }

    /** network-traffic:dst_ref.value = '...' AND network-traffic:dst_port = N (AND dst_ref.type = '...'). */
    private static String networkTraffic(StixPattern.Comparisons and, List<ImportItem> into) {
        List<StixPattern.Test> tests = new ArrayList<>();
        if (!flattenAnd(and, tests)) {
            return "AND";
        }
        String value = null;
        String refType = null;
        List<String> notes = new ArrayList<>();
        for (StixPattern.Test t : tests) {
            if (!t.objectType().equals("network-traffic")
                    || t.negated()
                    || !t.operator().equals("=")) {
                return "AND";
            }
            switch (t.path()) {
                case "dst_ref.value", "src_ref.value" -> {
                    if (value != null || !t.string()) {
                        return "AND";
                    }
                    value = t.literal();
                }
                case "dst_ref.type", "src_ref.type" -> refType = t.literal();
                case "dst_port", "src_port" -> {
                    try {
                        notes.add(MispVocab.portDropped(t.literal()));
                    } catch (IllegalArgumentException e) {
                        return "network-traffic:" + t.path() + " " + t.literal() + " is not a port number";
                    }
                }
                default -> {
                    return "AND";
                }
            }
        }
        if (value == null) {
            return "AND";
        }
        ImportItem item = new ImportItem("");
        item.sourceType = "network-traffic";
        item.raw = value;
        if ("domain-name".equals(refType)) {
            item.type = IndicatorType.INDICATOR_TYPE_DOMAIN;
        } else {
            item.type = IndicatorType.INDICATOR_TYPE_UNSPECIFIED;
            item.accept = MispVocab.IP;
        }
        item.notes.addAll(notes);
        into.add(item);
        return null;
    }

    private static boolean flattenAnd(StixPattern.Comparison c, List<StixPattern.Test> into) {
        if (c instanceof StixPattern.Test t) {
            into.add(t);
            return true;
        }
        StixPattern.Comparisons s = (StixPattern.Comparisons) c;
        return s.operator().equals("AND") && flattenAnd(s.left(), into) && flattenAnd(s.right(), into);
    }

    private static void observable(JsonNode o, Map<String, JsonNode> markings, ParsedFile out) {
        String id = o.path("id").asText("observable without id");
        String type = o.path("type").asText();
        ImportItem base = new ImportItem(id);
        String problem = common(o, base, markings);
        if (problem != null) {
            out.refuse(id, type, o.path("value").asText(""), problem);
            return;
        }
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

    /**
     * TLP from the markings, confidence, offences from labels "CC.X", description as note; returns why the
     * object cannot be read (a marking that cannot be read, a confidence that is not a number), or null.
     */
    private static String common(JsonNode o, ImportItem item, Map<String, JsonNode> markings) {
        List<String> refs = new ArrayList<>();
        o.path("object_marking_refs").forEach(r -> refs.add(r.asText()));
        for (JsonNode g : o.path("granular_markings")) {
            if (g.has("marking_ref")) { // a granular marking may be a language ("lang") instead: no handling
                refs.add(g.path("marking_ref").asText(""));
            }
        }
        List<String> levels = new ArrayList<>();
        for (String ref : refs) {
            Tlp tlp;
            try {
                tlp = StixVocab.tlpOfMarking(ref, markings.get(ref));
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            if (tlp != null) {
                levels.add(TlpNames.label(tlp));
                item.tlp = item.tlp == null || tlp.getNumber() > item.tlp.getNumber() ? tlp : item.tlp;
            }
        }
        if (levels.stream().distinct().count() > 1) {
            item.notes.add("TLP markings " + String.join(", ", levels) + " disagree: read as the most restrictive, "
                    + TlpNames.label(item.tlp));
        }
        if (o.has("confidence")) {
            JsonNode c = o.get("confidence");
            if (!c.isIntegralNumber() || !c.canConvertToInt()) {
                return "confidence " + c + " is not a whole number 0 to 100";
            }
            item.confidence = c.asInt();
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
        return null;
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

    static Instant time(JsonNode n) {
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
