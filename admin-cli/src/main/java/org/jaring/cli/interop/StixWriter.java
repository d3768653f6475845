package org.jaring.cli.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.core.vocab.OffenceCodes;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;

/**
 * Writes a STIX 2.1 bundle: per value one observable (SCO, id UUIDv5 over its canonical JSON under the STIX
 * namespace, as STIX 2.1 section 2.9 defines) and one indicator (id UUIDv5 over its pattern under Jaring's
 * namespace, so every node names the same value the same way), the TLP 2.0 marking definitions used, the
 * exporting node's identity, and Jaring's extension-definition for phones, bank accounts, wallets and handles.
 */
final class StixWriter {
    static final String FIXED_CREATED = "2026-01-01T00:00:00.000Z";
    private static final DateTimeFormatter STIX_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private StixWriter() {}

    static ObjectNode bundle(String nodeId, String subject, List<ExportRecord> records, Instant now) {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("type", "bundle");
        ArrayNode objects = JSON.createArrayNode();
        String identity = "identity--" + Uuids.v5(Uuids.JARING_NAMESPACE, "node:" + nodeId);
        objects.add(identity(identity, nodeId, "The Jaring node " + nodeId));
        Set<Tlp> tlps = EnumSet.noneOf(Tlp.class);
        boolean custom = false;
        StringBuilder ids = new StringBuilder(subject);
        ArrayNode content = JSON.createArrayNode();
        for (ExportRecord r : records) {
            tlps.add(r.tlp());
            String objectType = StixVocab.objectType(r.type(), r.value());
            custom |= objectType.startsWith("jaring-");
            ObjectNode sco = sco(r, objectType);
            String pattern = pattern(r, objectType);
            String stamp = STIX_TIME.format(r.stamp(now));
            ObjectNode ind = JSON.createObjectNode();
            ind.put("type", "indicator");
            ind.put("spec_version", "2.1");
            ind.put("id", "indicator--" + Uuids.v5(Uuids.JARING_NAMESPACE, "indicator:" + pattern));
            ind.put("created_by_ref", identity);
            ind.put("created", stamp);
            ind.put("modified", stamp);
            ind.put("name", IndicatorTypeNames.name(r.type()) + " " + r.value());
            ind.putArray("indicator_types").add("malicious-activity");
            ind.put("pattern", pattern);
            ind.put("pattern_type", "stix");
            ind.put("pattern_version", "2.1");
            ind.put("valid_from", stamp);
            if (r.validUntil() != null && r.validUntil().isAfter(r.stamp(now))) {
                ind.put("valid_until", STIX_TIME.format(r.validUntil()));
            }
            if (r.confidence() > 0) {
                ind.put("confidence", r.confidence());
            }
            if (!r.offences().isEmpty()) {
                ArrayNode labels = ind.putArray("labels");
                for (Offence o : r.offences()) {
                    labels.add(OffenceCodes.code(o));
                }
            }
            ind.putArray("object_marking_refs").add(StixVocab.markingId(r.tlp()));
            // The OASIS schema requires a domain-name value to be an idn-hostname (RFC 5890 labels: letters,
            // digits, hyphens). DNS names Jaring holds beyond that (_dmarc.example.com, SRV-style _sip._tcp
            // labels) keep their indicator, whose pattern carries the value and reads back, but get no
            // observable: a schema-valid file matters more than a duplicate of the value.
            if (!objectType.equals("domain-name") || isHostname(r.value())) {
                content.add(sco);
            }
            content.add(ind);
            ids.append(' ').append(ind.get("id").asText());
        }
        for (Tlp tlp : tlps) {
            objects.add(marking(tlp));
        }
        if (custom) {
            String project = "identity--" + Uuids.v5(Uuids.JARING_NAMESPACE, "project:jaring");
            objects.add(identity(project, "Jaring", "The Jaring project, publisher of the Jaring STIX extension"));
            objects.add(extensionDefinition(project));
        }
        objects.addAll(content);
        bundle.put("id", "bundle--" + Uuids.v5(Uuids.JARING_NAMESPACE, "bundle:" + ids));
        bundle.set("objects", objects);
        return bundle;
    }

    /** Whether every label is letters, digits and inner hyphens, 1 to 63 characters (canonical domains are ASCII). */
    static boolean isHostname(String domain) {
        if (domain.isEmpty() || domain.length() > 253) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static ObjectNode sco(ExportRecord r, String objectType) {
        TreeMap<String, Object> idProperties = new TreeMap<>();
        ObjectNode sco = JSON.createObjectNode();
        sco.put("type", objectType);
        sco.put("spec_version", "2.1");
        if (objectType.equals("file")) {
            idProperties.put("hashes", new TreeMap<>(Map.of(StixVocab.hashName(r.type()), r.value())));
        } else {
            idProperties.put("value", r.value());
        }
        sco.put("id", objectType + "--" + Uuids.v5(Uuids.STIX_SCO_NAMESPACE, canonicalJson(idProperties)));
        if (objectType.equals("file")) {
            sco.putObject("hashes").put(StixVocab.hashName(r.type()), r.value());
        } else {
            sco.put("value", r.value());
        }
        sco.putArray("object_marking_refs").add(StixVocab.markingId(r.tlp()));
        if (objectType.startsWith("jaring-")) {
            sco.putObject("extensions").putObject(StixVocab.JARING_EXTENSION).put("extension_type", "new-sco");
        }
        return sco;
    }

    /** RFC 8785 canonical JSON for string-valued objects: sorted keys, no white space, minimal escaping. */
    @SuppressWarnings("NonApiType") // a TreeMap on purpose: the STIX id hashes the properties in key order
    static String canonicalJson(TreeMap<String, Object> properties) {
        try {
            return JSON.writeValueAsString(properties);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pattern(ExportRecord r, String objectType) {
        String path = objectType.equals("file")
                ? "file:hashes.'" + StixVocab.hashName(r.type()) + "'"
                : objectType + ":value";
        return "[" + path + " = '" + r.value().replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    private static ObjectNode identity(String id, String name, String description) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "identity");
        o.put("spec_version", "2.1");
        o.put("id", id);
        o.put("created", FIXED_CREATED);
        o.put("modified", FIXED_CREATED);
        o.put("name", name);
        o.put("description", description);
        o.put("identity_class", "organization");
        return o;
    }

    private static ObjectNode marking(Tlp tlp) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "marking-definition");
        o.put("spec_version", "2.1");
        o.put("id", StixVocab.markingId(tlp));
        o.put("created", StixVocab.TLP2_CREATED);
        o.put("name", "TLP:" + StixVocab.tlpName(tlp).toUpperCase(Locale.ROOT));
        o.putObject("extensions")
                .putObject(StixVocab.TLP2_EXTENSION)
                .put("extension_type", "property-extension")
                .put("tlp_2_0", StixVocab.tlpName(tlp));
        return o;
    }

    private static ObjectNode extensionDefinition(String createdBy) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "extension-definition");
        o.put("spec_version", "2.1");
        o.put("id", StixVocab.JARING_EXTENSION);
        o.put("created_by_ref", createdBy);
        o.put("created", FIXED_CREATED);
        o.put("modified", FIXED_CREATED);
        o.put("name", "Jaring observables");
        o.put(
                "description",
                "Cyber-observable objects for values STIX 2.1 has no object for: "
                        + StixVocab.PHONE + " (E.164), " + StixVocab.BANK_ACCOUNT
                        + " (IBAN or COUNTRY:BANKCODE:NUMBER), "
                        + StixVocab.WALLET + " (CHAIN:ADDRESS), " + StixVocab.HANDLE + " (platform:name). Each has one"
                        + " property, value, in Jaring's canonical form, which is also its only ID contributing property.");
        o.put("schema", StixVocab.JARING_EXTENSION_SCHEMA);
        o.put("version", "1.0");
        o.putArray("extension_types").add("new-sco");
        return o;
    }
}
