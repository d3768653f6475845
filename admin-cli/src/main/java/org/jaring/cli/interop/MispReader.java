package org.jaring.cli.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jaring.cli.UserError;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;

/**
 * Reads MISP events ({"Event": ...}, a bare event, or an API answer {"response": [{"Event": ...}]}) and MISP
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

    private static List<JsonNode> events(JsonNode root) {
        List<JsonNode> events = new ArrayList<>();
        if (root.has("response")) {
            for (JsonNode r : root.get("response")) {
                events.add(r.has("Event") ? r.get("Event") : r);
            }
        } else if (root.has("Event")) {
            events.add(root.get("Event"));
        } else if (root.has("Attribute") || root.has("Object")) {
            events.add(root);
        } else {
            throw new UserError("not a MISP event: no Event, response or Attribute member");
        }
        return events;
    }

    private static void event(JsonNode event, String where, ParsedFile out) {
        List<Offence> offences = new ArrayList<>();
        Tlp tlp = tags(event, offences);
        for (JsonNode a : event.path("Attribute")) {
            attribute(a, where, tlp, offences, out);
        }
        for (JsonNode object : event.path("Object")) {
            if (object.path("deleted").asBoolean(false)) {
                continue;
            }
            String objectWhere = where + "object " + object.path("uuid").asText("?") + " ("
                    + object.path("name").asText("?") + ") ";
            List<Offence> objectOffences = new ArrayList<>(offences);
            Tlp objectTlp = tags(object, objectOffences);
            if (objectTlp == null) {
                objectTlp = tlp;
            }
            if (object.path("name").asText().equals("coin-address")) {
                coinAddress(object, objectWhere, objectTlp, objectOffences, out);
                continue;
            }
            for (JsonNode a : object.path("Attribute")) {
                attribute(a, objectWhere, objectTlp, objectOffences, out);
            }
        }
    }

    /** coin-address objects: "symbol" names the chain of "address-crypto", "address" (BTC) or "address-xmr". */
    private static void coinAddress(JsonNode object, String where, Tlp tlp, List<Offence> offences, ParsedFile out) {
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
            ImportItem item = item(a, where, tlp, offences);
            item.type = IndicatorType.INDICATOR_TYPE_WALLET;
            item.raw = prefix + a.path("value").asText("");
            out.items.add(item);
        }
    }

    private static void attribute(JsonNode a, String where, Tlp eventTlp, List<Offence> eventOffences, ParsedFile out) {
        if (a.path("deleted").asBoolean(false)) {
            return;
        }
        String type = a.path("type").asText("");
        String value = a.path("value").asText("");
        List<String> parts = MispVocab.composite(type);
        if (parts != null) {
            String[] values = value.split("\\|", -1);
            if (values.length != 2) {
                out.refuse(
                        where + "attribute " + a.path("uuid").asText("?"),
                        type,
                        value,
                        "composite type " + type + " needs exactly two values separated by '|'");
                return;
            }
            for (int n = 0; n < 2; n++) {
                if (!parts.get(n).isEmpty()) {
                    one(a, where, parts.get(n), values[n], type, eventTlp, eventOffences, out);
                }
            }
            return;
        }
        one(a, where, type, value, type, eventTlp, eventOffences, out);
    }

    private static void one(
            JsonNode a,
            String where,
            String type,
            String value,
            String sourceType,
            Tlp eventTlp,
            List<Offence> eventOffences,
            ParsedFile out) {
        MispVocab.Mapping mapping = MispVocab.mapping(type);
        String position = where + "attribute " + a.path("uuid").asText("?");
        if (mapping == null) {
            out.refuse(position, sourceType, value, "MISP type " + sourceType + " has no Jaring indicator type");
            return;
        }
        ImportItem item = item(a, where, eventTlp, eventOffences);
        item.type = mapping.type();
        item.accept = mapping.accept();
        item.raw = mapping.prefix().isEmpty() || value.contains(":") ? value : mapping.prefix() + value;
        item.sourceType = sourceType;
        out.items.add(item);
    }

    private static ImportItem item(JsonNode a, String where, Tlp eventTlp, List<Offence> eventOffences) {
        ImportItem item = new ImportItem(where + "attribute " + a.path("uuid").asText("?"));
        List<Offence> offences = new ArrayList<>(eventOffences);
        Tlp tlp = tags(a, offences);
        item.tlp = tlp != null ? tlp : eventTlp;
        item.offences.addAll(offences);
        item.confidence = a.path("to_ids").asBoolean(false) ? IDS_CONFIDENCE : NOT_IDS_CONFIDENCE;
        item.firstSeen = time(a.path("first_seen"));
        item.lastSeen = time(a.path("last_seen"));
        String comment = a.path("comment").asText("");
        item.note = comment.length() > 2000 ? comment.substring(0, 2000) : comment;
        return item;
    }

    /** The TLP among the tags (the last one wins), adding every offence the tags imply to {@code offences}. */
    private static Tlp tags(JsonNode holder, List<Offence> offences) {
        Tlp tlp = null;
        for (JsonNode tag : holder.path("Tag")) {
            String name = tag.path("name").asText("");
            Tlp t = MispVocab.tlp(name);
            if (t != null) {
                tlp = t;
            }
            Offence o = MispVocab.offence(name);
            if (o != null && !offences.contains(o)) {
                offences.add(o);
            }
        }
        return tlp;
    }

    private static Instant time(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull() || n.asText().isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(n.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
