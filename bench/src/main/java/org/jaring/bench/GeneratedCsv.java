package org.jaring.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.core.vocab.OffenceCodes;
import org.jaring.v1.Indicator;

/**
 * Writes generated indicators as the CSV an analyst would bring: columns named the way other tools name them,
 * so the import needs {@link #MAP}, raw spellings as generated (spaced phones, defanged URLs, upper case), RFC 4180
 * quoting where a value needs it, dates as {@code 2026-01-31}.
 */
final class GeneratedCsv {
    static final String HEADER = "kind,indicator,crime,score,seen";
    /** The --map argument that reads {@link #HEADER}. */
    static final String MAP = "kind=type,indicator=value,crime=offence,score=confidence,seen=first_seen";

    private GeneratedCsv() {}

    static void write(Path file, List<Indicator> indicators) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (Indicator i : indicators) {
                w.write(IndicatorTypeNames.name(i.getType()));
                w.write(',');
                w.write(quoted(i.getValue()));
                w.write(',');
                w.write(i.getOffencesList().stream().map(OffenceCodes::code).collect(Collectors.joining(";")));
                w.write(',');
                w.write(Integer.toString(i.getConfidence()));
                w.write(',');
                w.write(Instant.ofEpochSecond(i.getFirstSeen().getSeconds())
                        .atZone(ZoneOffset.UTC)
                        .toLocalDate()
                        .toString());
                w.write('\n');
            }
        }
    }

    private static String quoted(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
