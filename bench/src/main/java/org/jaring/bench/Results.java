package org.jaring.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jaring.cli.output.Table;

/** Every figure of a run, printed as a table, as markdown for docs/benchmarks.md, and as JSON. */
final class Results {
    private final List<Result> results = new ArrayList<>();
    private final Map<String, String> context = new LinkedHashMap<>();

    synchronized void add(Result r) {
        results.add(r);
    }

    void context(String key, String value) {
        context.put(key, value);
    }

    List<Result> all() {
        return results;
    }

    void printTable(PrintWriter out) {
        Table t = new Table("BENCHMARK", "FIGURE", "VALUE", "BASELINE (SAME RUN)", "RATIO", "TARGET", "MET");
        for (Result r : results) {
            t.row(r.benchmark(), r.figure(), r.valueText(), r.baselineText(), r.ratioText(), r.target(), r.metText());
        }
        t.print(out);
        out.flush();
    }

    void printMarkdown(PrintWriter out) {
        out.println("| Benchmark | Figure | Value | Baseline (same run) | Ratio | Target | Met | Notes |");
        out.println("|---|---|---:|---|---:|---|---|---|");
        for (Result r : results) {
            out.printf(
                    "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.benchmark(),
                    r.figure(),
                    r.valueText(),
                    r.baselineText(),
                    r.ratioText(),
                    r.target(),
                    r.metText(),
                    r.note() == null ? "" : r.note());
        }
        out.flush();
    }

    void writeJson(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ObjectNode ctx = root.putObject("context");
        context.forEach(ctx::put);
        ArrayNode rows = root.putArray("results");
        for (Result r : results) {
            ObjectNode o = rows.addObject();
            o.put("benchmark", r.benchmark());
            o.put("figure", r.figure());
            o.put("value", r.value());
            o.put("unit", r.unit());
            if (!Double.isNaN(r.baseline())) {
                o.put("baseline_name", r.baselineName());
                o.put("baseline", r.baseline());
                o.put("ratio", r.ratio());
            }
            if (r.met() != null) {
                o.put("target", r.target());
                o.put("met", r.met());
            }
            if (r.note() != null && !r.note().isEmpty()) {
                o.put("note", r.note());
            }
        }
        json.writeValue(file.toFile(), root);
    }
}
