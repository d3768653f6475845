package org.jaring.cli.interop;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jaring.cli.UserError;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.core.vocab.OffenceCodes;
import org.jaring.core.vocab.TlpNames;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;

/**
 * Reads CSV (RFC 4180: comma-separated, double quotes around fields that hold commas, quotes or line breaks,
 * parsed by Apache Commons CSV) with a header row, one row at a time into a {@link ReadSink}. Columns are
 * matched to fields by name (type, value, offence, confidence, first_seen, last_seen, valid_until, tlp, note),
 * or through {@code --map column=field}; other columns are ignored. Positions in the report are the line on
 * which the row starts (the header is line 1). {@link #open} reads and checks the header, so a file without a
 * value column fails before anything is sent.
 *
 * <p>The file must be UTF-8 ({@link Utf8Reader}: a bad byte names its line and byte offset) and well formed: a
 * quote that is never closed, or text after a closing quote, ends the read with the line it is on, since
 * guessing would swallow or split every later row.
 */
final class CsvReader implements AutoCloseable {
    static final Set<String> FIELDS =
            Set.of("type", "value", "offence", "confidence", "first_seen", "last_seen", "valid_until", "tlp", "note");
    private static final Pattern OFFENCE_SEPARATOR = Pattern.compile("[;|]");
    /** Dates repeat across a file (day precision); full timestamps mostly do not, so the cache stops growing. */
    private static final int MAX_CACHED_TIMES = 4096;

    /** What a type column says: the type to ask for, the types it may hold, a prefix for bare MISP coins. */
    private record TypeSpec(IndicatorType type, Set<IndicatorType> accept, String prefix) {}

    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(false).get();

    private final Path file;
    private final CSVParser in;
    private final Iterator<CSVRecord> records;
    private final Map<String, Integer> index;
    // Type names, offence lists and dates repeat on almost every row; parsing them once per distinct text
    // took a fifth of the reader's time in the profile of a 200,000-row import.
    private final Map<String, TypeSpec> types = new HashMap<>();
    private final Map<String, List<Offence>> offences = new HashMap<>();
    private final Map<String, Instant> times = new HashMap<>();

    private CsvReader(Path file, CSVParser in, Iterator<CSVRecord> records, Map<String, Integer> index) {
        this.file = file;
        this.in = in;
        this.records = records;
        this.index = index;
    }

    /** Opens {@code file} and checks its header against the mapping. */
    static CsvReader open(Path file, Map<String, String> columnToField) {
        CSVParser in = null;
        try {
            in = CSVParser.parse(new Utf8Reader(new BufferedInputStream(Files.newInputStream(file))), FORMAT);
            Iterator<CSVRecord> records = in.iterator();
            CSVRecord first = next(file, records, in);
            List<String> header = first == null ? null : new ArrayList<>(first.toList());
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
            return new CsvReader(file, in, records, index);
        } catch (IOException e) {
            closeQuietly(in);
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    /** Reads every row after the header into {@code sink}; a file that is not well-formed CSV is a UserError. */
    void readRows(ReadSink sink) {
        CSVRecord r;
        while ((r = next(file, records, in)) != null) {
            if (r.size() == 1 && r.get(0).isBlank()) {
                continue;
            }
            row(r.toList(), "line " + lineOf(r), sink);
        }
    }

    /** The line a record starts on: the parser counts the line breaks before it, the record's own ones after. */
    private long lineOf(CSVRecord r) {
        String all = String.join(",", r.toList());
        long breaks = all.chars().filter(c -> c == '\n').count();
        return in.getCurrentLineNumber() - breaks;
    }

    /**
     * The next record or null at the end, turning the parser's and the decoder's failures into errors that name
     * the file, the line and what to do.
     */
    private static CSVRecord next(Path file, Iterator<CSVRecord> records, CSVParser in) {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw unreadable(file, e.getCause(), in);
        } catch (IllegalStateException e) { // Commons CSV wraps some I/O failures this way
            throw unreadable(file, e.getCause() instanceof IOException io ? io : new IOException(e.getMessage()), in);
        }
    }

    private static UserError unreadable(Path file, IOException e, CSVParser in) {
        if (e instanceof Utf8Reader.Malformed m) {
            return new UserError(file + " " + m.getMessage());
        }
        String message = String.valueOf(e.getMessage());
        int start = message.indexOf("(startline ");
        if (message.contains("EOF reached before encapsulated token finished")) {
            String line = start >= 0
                    ? message.substring(start + 11, Math.max(start + 11, message.indexOf(')', start)))
                    : String.valueOf(in.getCurrentLineNumber());
            return new UserError(file + " line " + line + ": a quoted field opens here and is never closed (a"
                    + " missing '\"'); nothing was imported. Close the quote, or double a quote inside a quoted field"
                    + " (\"\")");
        }
        if (message.contains("invalid char between encapsulated token and delimiter")) {
            return new UserError(file + " line " + in.getCurrentLineNumber() + ": text after a closing quote (a"
                    + " field like \"abc\"def); nothing was imported. Quote the whole field and double the quotes inside"
                    + " it");
        }
        return new UserError("cannot read " + file + " near line " + in.getCurrentLineNumber() + ": " + message);
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

    private static void closeQuietly(CSVParser in) {
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
        String composite = null;
        List<ImportItem> parts = List.of(item);
        try {
            if (!type.isBlank() && MispVocab.composite(type.strip().toLowerCase(Locale.ROOT)) != null) {
                composite = type.strip().toLowerCase(Locale.ROOT);
            } else if (!type.isBlank()) {
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
            if (composite != null) {
                parts = MispVocab.split(item, composite, item.raw);
            }
        } catch (IllegalArgumentException e) {
            sink.refuse(new Refusal(position, type, item.raw == null ? "" : item.raw, e.getMessage()));
            return;
        }
        parts.forEach(sink::item);
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
}
