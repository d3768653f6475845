package org.jaring.cli.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;

/**
 * Writes a MISP event (and the parts of a MISP feed). UUIDs are UUIDv5 under Jaring's namespace: the event's
 * over the exporting node and the subject (case or peer), each attribute's over the event and the value, so
 * exporting again gives the same UUIDs and MISP updates rather than duplicates. TLP and offences are tags.
 */
final class MispWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SEEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

    /** The event and, for hashes.csv, every attribute value in it. */
    record Event(UUID uuid, ObjectNode event, List<String> values) {}

    private MispWriter() {}

    static Event event(String nodeId, String subject, String info, List<ExportRecord> records, Instant now) {
        UUID uuid = Uuids.v5(Uuids.JARING_NAMESPACE, "misp-event:" + nodeId + ":" + subject);
        ObjectNode e = JSON.createObjectNode();
        e.put("uuid", uuid.toString());
        e.put("info", info);
        Instant newest =
                records.stream().map(r -> r.stamp(now)).max(Instant::compareTo).orElse(now);
        e.put("date", DATE.format(newest));
        e.put("timestamp", String.valueOf(newest.getEpochSecond()));
        e.put("published", false);
        e.put("analysis", "2");
        e.put("threat_level_id", "4");
        // 0: this organisation only. Jaring's audiences do not map to MISP communities; the receiver decides.
        e.put("distribution", "0");
        ObjectNode orgc = e.putObject("Orgc");
        orgc.put("name", nodeId);
        orgc.put("uuid", Uuids.v5(Uuids.JARING_NAMESPACE, "node:" + nodeId).toString());
        // MISP tags add up: an event tag applies to every attribute, and Jaring's reader (like any careful one)
        // takes the most restrictive of event and attribute TLP. So the event carries a TLP tag only when every
        // attribute has that same TLP; otherwise each attribute's own tag is the only TLP.
        ArrayNode eventTags = e.putArray("Tag");
        List<Tlp> levels = records.stream().map(ExportRecord::tlp).distinct().toList();
        if (levels.size() <= 1) {
            eventTags.addObject().put("name", MispVocab.tlpTag(levels.isEmpty() ? Tlp.TLP_RED : levels.get(0)));
        }
        ArrayNode attributes = e.putArray("Attribute");
        ArrayNode objects = JSON.createArrayNode();
        List<String> values = new ArrayList<>();
        for (ExportRecord r : records) {
            String attributeUuid = Uuids.v5(uuid, IndicatorTypeKey.of(r)).toString();
            if (r.type() == IndicatorType.INDICATOR_TYPE_WALLET) {
                String chain = r.value().substring(0, r.value().indexOf(':'));
                String address = r.value().substring(r.value().indexOf(':') + 1);
                String mispType = switch (chain) {
                    case "BTC" -> "btc";
                    case "XMR" -> "xmr";
                    case "DASH" -> "dash";
                    default -> null;
                };
                if (mispType != null) {
                    attributes.add(attribute(attributeUuid, mispType, address, r, true, now));
                    values.add(address);
                    continue;
                }
                ObjectNode o = objects.addObject();
                o.put("uuid", Uuids.v5(uuid, "object:" + r.value()).toString());
                o.put("name", "coin-address");
                o.put("meta-category", "financial");
                o.put("template_uuid", "d0e6997e-78da-4815-a6a1-cfc1c1cb8a46");
                o.put("template_version", "7");
                o.put("distribution", "5");
                o.put("timestamp", String.valueOf(r.stamp(now).getEpochSecond()));
                ArrayNode oa = o.putArray("Attribute");
                ObjectNode a = attribute(attributeUuid, "text", address, r, true, now);
                a.put("object_relation", "address-crypto");
                oa.add(a);
                ObjectNode symbol =
                        attribute(Uuids.v5(uuid, "symbol:" + r.value()).toString(), "text", chain, r, false, now);
                symbol.put("object_relation", "symbol");
                symbol.remove("Tag");
                oa.add(symbol);
                values.add(address);
                values.add(chain);
                continue;
            }
            attributes.add(attribute(
                    attributeUuid,
                    MispVocab.attributeType(r.type()),
                    r.value(),
                    r,
                    r.type() != IndicatorType.INDICATOR_TYPE_HANDLE,
                    now));
            values.add(r.value());
        }
        if (!objects.isEmpty()) {
            e.set("Object", objects);
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("Event", e);
        return new Event(uuid, root, values);
    }

    private static ObjectNode attribute(
            String uuid, String type, String value, ExportRecord r, boolean toIds, Instant now) {
        ObjectNode a = JSON.createObjectNode();
        a.put("uuid", uuid);
        a.put("type", type);
        a.put("category", MispVocab.category(type, r.type()));
        a.put("value", value);
        a.put("to_ids", toIds);
        a.put("distribution", "5");
        a.put("timestamp", String.valueOf(r.stamp(now).getEpochSecond()));
        a.put("comment", r.type() == IndicatorType.INDICATOR_TYPE_HANDLE ? "jaring handle" : "");
        if (r.firstSeen() != null) {
            a.put("first_seen", SEEN.format(r.firstSeen()));
        }
        if (r.lastSeen() != null) {
            a.put("last_seen", SEEN.format(r.lastSeen()));
        }
        ArrayNode tags = a.putArray("Tag");
        tags.addObject().put("name", MispVocab.tlpTag(r.tlp()));
        for (Offence o : r.offences()) {
            tags.addObject().put("name", MispVocab.offenceTag(o));
        }
        // MISP has no per-attribute confidence; Jaring's own tag carries it back on import (0 included, which
        // is "not set": without the tag, to_ids would be read as 75).
        tags.addObject().put("name", "jaring:confidence=\"" + r.confidence() + "\"");
        return a;
    }

    /** The manifest.json entry of an event: its header without attributes, as MISP feeds carry it. */
    static ObjectNode manifestEntry(Event event) {
        ObjectNode e = (ObjectNode) event.event().get("Event");
        ObjectNode m = JSON.createObjectNode();
        for (String field : List.of("info", "date", "timestamp", "analysis", "threat_level_id", "published")) {
            m.set(field, e.get(field));
        }
        m.set("Orgc", e.get("Orgc"));
        m.set("Tag", e.get("Tag"));
        return m;
    }

    /** MISP feed hashes.csv: the MD5 of each attribute value, then the event UUID. */
    static String hashesCsv(Event event) {
        StringBuilder out = new StringBuilder();
        try {
            for (String v : event.values()) {
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                out.append(HexFormat.of().formatHex(md5.digest(v.getBytes(StandardCharsets.UTF_8))))
                        .append(',')
                        .append(event.uuid())
                        .append('\n');
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** The stable name of one value inside an event, for its attribute UUID. */
    private static final class IndicatorTypeKey {
        static String of(ExportRecord r) {
            return "attribute:" + r.type().getNumber() + ":" + r.value();
        }
    }
}
