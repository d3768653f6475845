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
import java.util.regex.Pattern;
import org.jaring.cli.UserError;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.core.vocab.OffenceCodes;
import org.jaring.core.vocab.TlpNames;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;

/**
 * Reads CSV (RFC 4180: comma-separated, double quotes around fields that hold commas, quotes or line breaks)
 * with a header row, one row at a time into a {@link ReadSink}. Columns are matched to fields by name (type,
 * value, offence, confidence, first_seen, last_seen, valid_until, tlp, note), or through
 * {@code --map column=field}; other columns are ignored. Row numbers in the report count the header as row 1.
 * {@link #open} reads and checks the header, so a file without a value column fails before anything is sent.
 */
final class CsvReader implements AutoCloseable {
    static final Set<String> FIELDS =
            Set.of("type", "value", "offence", "confidence", "first_seen", "last_seen", "valid_until", "tlp", "note");
    private static final Pattern OFFENCE_SEPARATOR = Pattern.compile("[;|]");
    /** Dates repeat across a file (day precision); full timestamps mostly do not, so the cache stops growing. */
    private static final int MAX_CACHED_TIMES = 4096;

    /** What a type column says: the type to ask for, the types it may hold, a prefix for bare MISP coins. */
    private record TypeSpec(IndicatorType type, Set<IndicatorType> accept, String prefix) {}

    private final Path file;
    private final BufferedReader in;
    private final Map<String, Integer> index;
    // Type names, offence lists and dates repeat on almost every row; parsing them once per distinct text
    // took a fifth of the reader's time in the profile of a 200,000-row import.
    private final Map<String, TypeSpec> types = new HashMap<>();
    private final Map<String, List<Offence>> offences = new HashMap<>();
    private final Map<String, Instant> times = new HashMap<>();

    private CsvReader(Path file, BufferedReader in, Map<String, Integer> index) {
        this.file = file;
        this.in = in;
        this.index = index;
    }

    /** Opens {@code file} and checks its header against the mapping. */
    static CsvReader open(Path file, Map<String, String> columnToField) {
        BufferedReader in = null;
        try {
            in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
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
                if (!header.stream()
                        .map(h -> h.strip().toLowerCase(Locale.ROOT))
                        .toList()
                        .contains(column)) {
                    throw new UserError("--map names column '" + column + "', but the header has only " + header);
                }
            }
            if (!index.containsKey("value")) {
                throw new UserError("no value column: the header " + header + " has no 'value' column; name one with"
                        + " --map COLUMN=value");
            }
            return new CsvReader(file, in, index);
        } catch (IOException e) {
            closeQuietly(in);
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    /** Reads every row after the header into {@code sink}. */
    void readRows(ReadSink sink) {
        try {
            int row = 1;
            List<String> fields;
            while ((fields = record(in)) != null) {
                row++;
                if (fields.size() == 1 && fields.get(0).isBlank()) {
                    continue;
                }
                row(fields, "row " + row, sink);
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A guess of the number of rows from the file size, to size the duplicate check; never used for counts. */
    long estimatedRows() {
        try {
            return Files.size(file) / 48;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    private static void closeQuietly(BufferedReader in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // read-only file
            }
        }
    }

    private void row(List<String> fields, String position, ReadSink sink) {
        ImportItem item = new ImportItem(position);
        item.raw = get(fields, "value");
        String type = get(fields, "type");
        item.sourceType = type;
        try {
            if (!type.isBlank()) {
                TypeSpec spec = typeSpec(type);
                item.type = spec.type();
                item.accept = spec.accept();
                if (!spec.prefix().isEmpty() && !item.raw.contains(":")) {
                    item.raw = spec.prefix() + item.raw;
                }
            }
            item.offences.addAll(offences(get(fields, "offence")));
            String confidence = get(fields, "confidence").strip();
            if (!confidence.isEmpty()) {
                try {
                    item.confidence = Integer.parseInt(confidence);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "confidence '" + confidence + "' is not a whole number 0 to 100");
                }
            }
            item.firstSeen = time(get(fields, "first_seen"), "first_seen");
            item.lastSeen = time(get(fields, "last_seen"), "last_seen");
            item.validUntil = time(get(fields, "valid_until"), "valid_until");
            String tlp = get(fields, "tlp").strip();
            if (!tlp.isEmpty()) {
                item.tlp = TlpNames.parse(tlp);
            }
            item.note = get(fields, "note");
        } catch (IllegalArgumentException e) {
            sink.refuse(new Refusal(position, type, item.raw == null ? "" : item.raw, e.getMessage()));
            return;
        }
        sink.item(item);
    }

    /** A Jaring short name, else a MISP type (which may narrow the accepted types or prefix a coin). */
    private TypeSpec typeSpec(String type) {
        TypeSpec cached = types.get(type);
        if (cached != null) {
            return cached;
        }
        String name = type.strip().toLowerCase(Locale.ROOT);
        MispVocab.Mapping misp = MispVocab.mapping(name);
        TypeSpec spec = misp != null && IndicatorTypeNames.all().get(name) == null
                ? new TypeSpec(misp.type(), misp.accept(), misp.prefix())
                : new TypeSpec(IndicatorTypeNames.parse(type), null, ""); // throws for an unknown name
        types.put(type, spec);
        return spec;
    }

    private List<Offence> offences(String text) {
        List<Offence> cached = offences.get(text);
        if (cached != null) {
            return cached;
        }
        List<Offence> parsed = new ArrayList<>();
        for (String o : OFFENCE_SEPARATOR.split(text)) {
            if (!o.isBlank()) {
                parsed.add(OffenceCodes.parse(o)); // throws for an unknown code: not cached
            }
        }
        offences.put(text, List.copyOf(parsed));
        return parsed;
    }

    private String get(List<String> fields, String field) {
        Integer c = index.get(field);
        return c == null || c >= fields.size() ? "" : fields.get(c);
    }

    private Instant time(String text, String field) {
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        Instant cached = times.get(t);
        if (cached != null) {
            return cached;
        }
        Instant parsed;
        try {
            parsed = t.length() == 10
                    ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + t + "' is not a date (2026-01-31) or an ISO 8601"
                    + " time with offset (2026-01-31T08:00:00Z)");
        }
        if (times.size() < MAX_CACHED_TIMES) {
            times.put(t, parsed);
        }
        return parsed;
    }

    /** One CSV record, or null at the end of the input. */
    static List<String> record(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        if (line.indexOf('"') < 0) {
            // Most rows quote nothing: cut at the commas instead of copying character by character.
            int from = 0;
            for (int comma; (comma = line.indexOf(',', from)) >= 0; from = comma + 1) {
                fields.add(line.substring(from, comma));
            }
            fields.add(line.substring(from));
            return fields;
        }
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
