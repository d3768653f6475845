package org.jaring.cli.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jaring.cli.UserError;
import org.jaring.node.indicator.IndicatorTypeNames;
import org.jaring.node.vocab.OffenceCodes;
import org.jaring.node.vocab.TlpNames;

/**
 * Reads CSV (RFC 4180: comma-separated, double quotes around fields that hold commas, quotes or line breaks)
 * with a header row. Columns are matched to fields by name (type, value, offence, confidence, first_seen,
 * last_seen, valid_until, tlp, note), or through {@code --map column=field}; other columns are ignored.
 * Row numbers in the report count the header as row 1.
 */
final class CsvReader {
    static final Set<String> FIELDS = Set.of("type", "value", "offence", "confidence", "first_seen", "last_seen",
            "valid_until", "tlp", "note");

    private CsvReader() {
    }

    static ParsedFile read(Path file, Map<String, String> columnToField) {
        ParsedFile out = new ParsedFile();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = record(in);
            if (header == null) {
                throw new UserError(file + " is empty; a CSV import needs a header row");
            }
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));
            }
            Map<String, Integer> index = new HashMap<>();
            Map<String, String> map = new HashMap<>();
            columnToField.forEach((k, v) -> map.put(k.strip().toLowerCase(Locale.ROOT), v));
            for (int c = 0; c < header.size(); c++) {
                String column = header.get(c).strip().toLowerCase(Locale.ROOT);
                String field = map.getOrDefault(column, FIELDS.contains(column) ? column : null);
                if (field != null && !index.containsKey(field)) {
                    index.put(field, c);
                }
            }
            for (String column : map.keySet()) {
                if (!header.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList().contains(column)) {
                    throw new UserError("--map names column '" + column + "', but the header has only " + header);
                }
            }
            if (!index.containsKey("value")) {
                throw new UserError("no value column: the header " + header + " has no 'value' column; name one with"
                        + " --map COLUMN=value");
            }
            int row = 1;
            List<String> fields;
            while ((fields = record(in)) != null) {
                row++;
                if (fields.size() == 1 && fields.get(0).isBlank()) {
                    continue;
                }
                row(fields, index, "row " + row, out);
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }

    private static void row(List<String> fields, Map<String, Integer> index, String position, ParsedFile out) {
        ImportItem item = new ImportItem(position);
        item.raw = get(fields, index, "value");
        String type = get(fields, index, "type");
        item.sourceType = type;
        try {
            if (!type.isBlank()) {
                MispVocab.Mapping misp = MispVocab.mapping(type.strip().toLowerCase(Locale.ROOT));
                if (misp != null && IndicatorTypeNames.all().get(type.strip().toLowerCase(Locale.ROOT)) == null) {
                    item.type = misp.type();
                    item.accept = misp.accept();
                    if (!misp.prefix().isEmpty() && !item.raw.contains(":")) {
                        item.raw = misp.prefix() + item.raw;
                    }
                } else {
                    item.type = IndicatorTypeNames.parse(type);
                }
            }
            for (String o : get(fields, index, "offence").split("[;|]")) {
                if (!o.isBlank()) {
                    item.offences.add(OffenceCodes.parse(o));
                }
            }
            String confidence = get(fields, index, "confidence").strip();
            if (!confidence.isEmpty()) {
                try {
                    item.confidence = Integer.parseInt(confidence);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("confidence '" + confidence + "' is not a whole number 0 to 100");
                }
            }
            item.firstSeen = time(get(fields, index, "first_seen"), "first_seen");
            item.lastSeen = time(get(fields, index, "last_seen"), "last_seen");
            item.validUntil = time(get(fields, index, "valid_until"), "valid_until");
            String tlp = get(fields, index, "tlp").strip();
            if (!tlp.isEmpty()) {
                item.tlp = TlpNames.parse(tlp);
            }
            item.note = get(fields, index, "note");
        } catch (IllegalArgumentException e) {
            out.refuse(position, type, item.raw, e.getMessage());
            return;
        }
        out.items.add(item);
    }

    private static String get(List<String> fields, Map<String, Integer> index, String field) {
        Integer c = index.get(field);
        return c == null || c >= fields.size() ? "" : fields.get(c);
    }

    private static Instant time(String text, String field) {
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + t + "' is not a date (2026-01-31) or an ISO 8601"
                    + " time with offset (2026-01-31T08:00:00Z)");
        }
    }

    /** One CSV record, or null at the end of the input. */
    static List<String> record(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i >= line.length()) {
                if (quoted) {
                    String next = in.readLine();
                    if (next == null) {
                        break;
                    }
                    field.append('\n');
                    line = next;
                    i = 0;
                    continue;
                }
                break;
            }
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
            i++;
        }
        fields.add(field.toString());
        return fields;
    }
}
