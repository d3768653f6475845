package org.jaring.cli.interop;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.v1.Indicator;

/** Runs the readers and the local check as an import does, without a node, for the reader tests. */
final class Read {
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** What an import would send and report. */
    record Result(List<Indicator> sent, List<Refusal> refused, List<Refusal> notes, ImportOutcome outcome) {
        Indicator only() {
            if (sent.size() != 1) {
                throw new AssertionError("expected one indicator, got " + sent + " refused " + refused);
            }
            return sent.get(0);
        }

        Indicator value(String v) {
            return sent.stream()
                    .filter(i -> i.getValue().equals(v))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(v + " not in " + sent + "; refused " + refused));
        }
    }

    private Read() {}

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Result stix(String bundle) {
        return check(StixReader.read(json(bundle))::replay, null);
    }

    static Result misp(String event) {
        return check(MispReader.readEvents(json(event))::replay, null);
    }

    static Result csv(Path file, String region) {
        return csv(file, region, Map.of());
    }

    static Result csv(Path file, String region, Map<String, String> map) {
        try (CsvReader r = CsvReader.open(file, map)) {
            return check(r::readRows, region);
        }
    }

    static Result check(java.util.function.Consumer<ReadSink> source, String region) {
        ImportOutcome outcome = new ImportOutcome();
        LocalCheck check = new LocalCheck(new Canonicalizer(region == null ? "TH" : region), region != null, 16);
        List<Indicator> sent = new ArrayList<>();
        source.accept(new ReadSink() {
            @Override
            public void item(ImportItem item) {
                outcome.countRead();
                ValidItem v = check.check(item, outcome);
                if (v != null) {
                    sent.add(v.indicator());
                }
            }

            @Override
            public void refuse(Refusal refusal) {
                outcome.countRead();
                outcome.refuse(refusal);
            }

            @Override
            public void ignore(String kind, int count) {
                outcome.ignore(kind, count);
            }
        });
        return new Result(sent, outcome.refused(), outcome.notes(), outcome);
    }
}
