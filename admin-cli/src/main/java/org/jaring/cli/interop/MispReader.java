package org.jaring.cli.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.jaring.cli.UserError;
import org.jaring.core.vocab.TlpNames;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;

/**
 * Reads MISP events ({"Event": ...}, a bare event, or an API answer {"response": [{"Event": ...}]}, and the
 * restSearch answers for attributes {"response": {"Attribute": [...]}} and objects {"response": [{"Object":
 * ...}]}) and MISP
 * feed folders (manifest.json naming {@code <uuid>.json} events). Attributes and object attributes of the
 * types in {@link MispVocab} become indicators; composite types are split; other types are refused with
 * their uuid.
 *
 * <p>to_ids: MISP marks attributes that should not raise IDS alerts with to_ids=false. They are kept,
 * because for police casework a phone number or an account is a lookup key even when no IDS would alert
 * on it (MISP's own default for phone-number is to_ids=false), with confidence {@value #NOT_IDS_CONFIDENCE}
 * instead of {@value #IDS_CONFIDENCE}.
 */
final class MispReader {
    static final int IDS_CONFIDENCE = 75;
    static final int NOT_IDS_CONFIDENCE = 30;

    private MispReader() {}

    static ParsedFile readEvents(JsonNode root) {
        ParsedFile out = new ParsedFile();
        for (JsonNode event : events(root)) {
            event(event, "", out);
        }
        return out;
    }

    static ParsedFile readFeed(Path folder, ObjectMapper json) {
        Path manifest = folder.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new UserError(folder + " is not a MISP feed folder: it has no manifest.json");
        }
        ParsedFile out = new ParsedFile();
        try {
            JsonNode m = json.readTree(manifest.toFile());
            if (m == null || !m.isObject()) {
                throw new UserError(manifest + " is not a MISP feed manifest: expected a JSON object {\"<event uuid>\":"
                        + " {...}, ...}");
            }
            for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
                String uuid = it.next();
                Path file = folder.resolve(uuid + ".json");
                if (!uuid.matches("[0-9a-fA-F-]{36}") || !Files.isRegularFile(file)) {
                    out.refuse(
                            "manifest.json " + uuid,
                            "event",
                            "",
                            "the manifest names " + uuid + " but the folder has no " + uuid + ".json");
                    continue;
                }
                for (JsonNode event : events(json.readTree(file.toFile()))) {
                    event(event, uuid + ".json ", out);
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot read the MISP feed " + folder + ": " + e.getMessage());
        }
        return out;
    }

    private static final String EXPECTED = "expected a MISP event: a JSON object {\"Event\": {...}}, a bare event"
            + " with an Attribute or Object array, or an API answer {\"response\": [{\"Event\": {...}}, ...]}";

    private static List<JsonNode> events(JsonNode root) {
        List<JsonNode> events = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new UserError("not a MISP file: " + EXPECTED);
        }
        if (root.has("response")) {
            JsonNode response = root.get("response");
            if (response.isObject() && response.has("Attribute")) {
                events.add(response); // restSearch of attributes: {"response": {"Attribute": [...]}}
            } else if (!response.isArray()) {
                throw new UserError("not a MISP file: \"response\" is neither an array of events nor an object with"
                        + " an Attribute array; " + EXPECTED);
            }
            for (JsonNode r : response.isArray() ? response : JsonNodeFactory.instance.arrayNode()) {
                if (r.has("Event")) {
                    events.add(r.get("Event"));
                } else if (r.path("Object").isObject()) {
                    // restSearch of objects: {"response": [{"Object": {...}}, ...]}, one object per entry
                    ObjectNode holder = JsonNodeFactory.instance.objectNode();
                    holder.putArray("Object").add(r.get("Object"));
                    events.add(holder);
                } else {
                    events.add(r);
                }
            }
        } else if (root.has("Event")) {
            events.add(root.get("Event"));
        } else if (root.has("Attribute") || root.has("Object")) {
            events.add(root);
        } else {
            throw new UserError("not a MISP file: no Event, response or Attribute member; " + EXPECTED);
        }
        for (JsonNode e : events) {
            if (!e.isObject()) {
                throw new UserError("not a MISP file: an event is "
                        + e.getNodeType().toString().toLowerCase(Locale.ROOT) + ", not a JSON object; " + EXPECTED);
            }
            for (String list : List.of("Attribute", "Object", "Tag", "Galaxy", "Sighting", "EventReport")) {
                if (e.has(list) && !e.get(list).isArray()) {
                    throw new UserError("not a MISP file: the event's \"" + list + "\" is not an array; " + EXPECTED);
                }
            }
        }
        return events;
    }

    /** What the tags of one holder (event, object, attribute) say about handling and offences. */
    private record Tags(Tlp tlp, List<String> tlpTags, String problem) {}

    private static void event(JsonNode event, String where, ParsedFile out) {
        List<Offence> offences = new ArrayList<>();
        Tags tags = tags(event, offences, out);
        String problem = tags.problem() != null
                ? "the event's " + tags.problem()
                : distributionProblem(event, "the event's distribution");
        countIgnored(event, out);
        for (JsonNode a : event.path("Attribute")) {
            attribute(a, where, List.of(tags), problem, offences, out);
        }
        for (JsonNode object : event.path("Object")) {
            if (!object.isObject()) {
                out.refuse(where + "object", "object", "", "an Object entry is not a JSON object");
                continue;
            }
            if (object.path("deleted").asBoolean(false)) {
                continue;
            }
            String objectWhere = where + "object " + object.path("uuid").asText("?") + " ("
                    + object.path("name").asText("?") + ") ";
            List<Offence> objectOffences = new ArrayList<>(offences);
            Tags objectTags = tags(object, objectOffences, out);
            String objectProblem = problem != null
                    ? problem
                    : objectTags.problem() != null
                            ? "the object's " + objectTags.problem()
                            : distributionProblem(object, "the object's distribution");
            countIgnored(object, out);
            List<Tags> levels = List.of(tags, objectTags);
            if (object.path("name").asText().equals("coin-address")) {
                coinAddress(object, objectWhere, levels, objectProblem, objectOffences, out);
                continue;
            }
            for (JsonNode a : object.path("Attribute")) {
                attribute(a, objectWhere, levels, objectProblem, objectOffences, out);
            }
        }
    }

    /** Galaxies, sightings and event reports have no Jaring field: counted, so the summary says they were left. */
    private static void countIgnored(JsonNode holder, ParsedFile out) {
        int clusters = 0;
        for (JsonNode g : holder.path("Galaxy")) {
            clusters += Math.max(1, g.path("GalaxyCluster").size());
        }
        out.ignore("MISP galaxy clusters", clusters);
        out.ignore("MISP sightings", holder.path("Sighting").size());
        out.ignore("MISP event reports", holder.path("EventReport").size());
    }

    /** coin-address objects: "symbol" names the chain of "address-crypto", "address" (BTC) or "address-xmr". */
    private static void coinAddress(
            JsonNode object, String where, List<Tags> levels, String problem, List<Offence> offences, ParsedFile out) {
        String symbol = "";
        for (JsonNode a : object.path("Attribute")) {
            if (a.path("object_relation").asText().equals("symbol")) {
                symbol = a.path("value").asText("").strip();
            }
        }
        for (JsonNode a : object.path("Attribute")) {
            String relation = a.path("object_relation").asText();
            String prefix = switch (relation) {
                case "address" -> "BTC:";
                case "address-xmr" -> "XMR:";
                case "address-crypto" -> symbol.isEmpty() ? "" : symbol + ":";
                default -> null;
            };
            if (prefix == null) {
                continue;
            }
            String position = where + "attribute " + a.path("uuid").asText("?");
            ImportItem item = new ImportItem(position);
            String error = problem != null ? problem : fill(item, a, levels, offences, out);
            if (error != null) {
                out.refuse(position, "coin-address", a.path("value").asText(""), error);
                continue;
            }
            item.type = IndicatorType.INDICATOR_TYPE_WALLET;
            item.raw = prefix + a.path("value").asText("");
            out.items.add(item);
        }
    }

    private static void attribute(
            JsonNode a, String where, List<Tags> levels, String problem, List<Offence> offences, ParsedFile out) {
        if (!a.isObject()) {
            out.refuse(where + "attribute", "attribute", "", "an Attribute entry is not a JSON object");
            return;
        }
        if (a.path("deleted").asBoolean(false)) {
            return;
        }
        String type = a.path("type").asText("");
        String value = a.path("value").asText("");
        String position = where + "attribute " + a.path("uuid").asText("?");
        if (!a.path("value").isTextual() && !a.path("value").isNumber()) {
            out.refuse(position, type, "", "the attribute has no value (a string)");
            return;
        }
        countIgnored(a, out);
        List<String> parts = MispVocab.composite(type);
        MispVocab.Mapping mapping = parts == null ? MispVocab.mapping(type) : null;
        if (parts == null && mapping == null) {
            out.refuse(position, type, value, "MISP type " + type + " has no Jaring indicator type");
            return;
        }
        ImportItem item = new ImportItem(position);
        String error = problem != null ? problem : fill(item, a, levels, offences, out);
        if (error != null) {
            out.refuse(position, type, value, error);
            return;
        }
        item.sourceType = type;
        if (parts != null) {
            try {
                out.items.addAll(MispVocab.split(item, type, value));
            } catch (IllegalArgumentException e) {
                out.refuse(position, type, value, e.getMessage());
            }
            return;
        }
        item.type = mapping.type();
        item.accept = mapping.accept();
        item.raw = mapping.prefix().isEmpty() || value.contains(":") ? value : mapping.prefix() + value;
        out.items.add(item);
    }

    /**
     * Fills an item from one attribute and the tags of its event and object; returns why it cannot be read, or
     * null. TLP: every TLP tag on the attribute, its object and its event applies (MISP tags add up), and when
     * they differ the most restrictive wins, with a note in the report; an unreadable tlp:, PAP: tag,
     * distribution, to_ids or time refuses the attribute.
     */
    private static String fill(
            ImportItem item, JsonNode a, List<Tags> levels, List<Offence> inherited, ParsedFile out) {
        List<Offence> offences = new ArrayList<>(inherited);
        Tags own = tags(a, offences, out);
        if (own.problem() != null) {
            return own.problem();
        }
        String distribution = distributionProblem(a, "distribution");
        if (distribution != null) {
            return distribution;
        }
        Tlp tlp = null;
        List<String> seen = new ArrayList<>();
        List<Tags> all = new ArrayList<>(levels);
        all.add(own);
        for (Tags t : all) {
            if (t.tlp() != null) {
                tlp = tlp == null || t.tlp().getNumber() > tlp.getNumber() ? t.tlp() : tlp;
                seen.addAll(t.tlpTags());
            }
        }
        if (seen.stream().map(MispVocab::tlp).distinct().count() > 1) {
            item.notes.add("TLP tags " + String.join(", ", seen) + " disagree: read as the most restrictive, "
                    + TlpNames.label(tlp));
        }
        item.tlp = tlp;
        item.offences.addAll(offences);
        JsonNode toIds = a.get("to_ids");
        Boolean ids = toIds(toIds);
        if (ids == null) {
            return "to_ids " + toIds + " is not true, false, 1 or 0";
        }
        item.confidence = ids ? IDS_CONFIDENCE : NOT_IDS_CONFIDENCE;
        Integer confidence = confidenceTag(a);
        if (confidence != null) {
            item.confidence = confidence;
        }
        try {
            item.firstSeen = time(a.path("first_seen"), "first_seen");
            item.lastSeen = time(a.path("last_seen"), "last_seen");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String comment = a.path("comment").asText("");
        item.note = comment.length() > 2000 ? comment.substring(0, 2000) : comment;
        return null;
    }

    /** to_ids as MISP writes it (true/false, "1"/"0", 1/0, "true"/"false"); missing is false; null otherwise. */
    static Boolean toIds(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return Boolean.FALSE;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber() && (n.asLong() == 0 || n.asLong() == 1)) {
            return n.asLong() == 1;
        }
        if (n.isTextual()) {
            return switch (n.textValue().strip().toLowerCase(Locale.ROOT)) {
                case "1", "true" -> Boolean.TRUE;
                case "0", "false" -> Boolean.FALSE;
                default -> null;
            };
        }
        return null;
    }

    /** MISP distribution levels 0 (organisation) to 5 (inherit); missing is fine; anything else is refused. */
    private static String distributionProblem(JsonNode holder, String what) {
        JsonNode d = holder.get("distribution");
        if (d == null || d.isNull()) {
            return null;
        }
        String text = d.isTextual() ? d.textValue().strip() : d.isIntegralNumber() ? d.asText() : "?";
        if (text.length() == 1 && text.charAt(0) >= '0' && text.charAt(0) <= '5') {
            return null;
        }
        return what + " " + d + " is not a MISP distribution level (0 to 5); handling that cannot be read is refused";
    }

    /** Jaring's own jaring:confidence="N" tag (written by the MISP export), or null. */
    private static Integer confidenceTag(JsonNode a) {
        for (JsonNode tag : a.path("Tag")) {
            String name = tag.path("name").asText("").strip();
            if (name.startsWith("jaring:confidence=")) {
                String v = name.substring("jaring:confidence=".length()).replace("\"", "");
                if (v.matches("[0-9]{1,3}") && Integer.parseInt(v) <= 100) {
                    return Integer.parseInt(v);
                }
            }
        }
        return null;
    }

    /**
     * The TLP among the tags (the most restrictive when several), adding every offence the tags imply to
     * {@code offences}; counts PAP and galaxy tags as ignored. A tlp: or PAP: tag that names no level is the
     * problem of the result.
     */
    private static Tags tags(JsonNode holder, List<Offence> offences, ParsedFile out) {
        Tlp tlp = null;
        List<String> names = new ArrayList<>();
        JsonNode list = holder.path("Tag");
        if (!list.isMissingNode() && !list.isArray()) {
            return new Tags(null, names, "Tag is not an array");
        }
        for (JsonNode tag : list) {
            String name = tag.isTextual() ? tag.textValue() : tag.path("name").asText("");
            Tlp t;
            try {
                t = MispVocab.tlp(name);
                if (MispVocab.pap(name)) {
                    out.ignore("MISP PAP tags", 1);
                }
            } catch (IllegalArgumentException e) {
                return new Tags(null, names, e.getMessage());
            }
            if (name.strip().toLowerCase(Locale.ROOT).startsWith("misp-galaxy:")) {
                out.ignore("MISP galaxy tags", 1);
            }
            if (t != null) {
                names.add(name.strip());
                tlp = tlp == null || t.getNumber() > tlp.getNumber() ? t : tlp;
            }
            Offence o = MispVocab.offence(name);
            if (o != null && !offences.contains(o)) {
                offences.add(o);
            }
        }
        return new Tags(tlp, names, null);
    }

    private static Instant time(JsonNode n, String field) {
        if (n == null || n.isMissingNode() || n.isNull() || n.asText().isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(n.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    field + " '" + n.asText() + "' is not an ISO 8601 time with offset (2026-01-31T08:00:00Z)");
        }
    }
}
