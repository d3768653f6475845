package org.jaring.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jaring bench} end to end at a tiny size (4,000 indicators; CSV import left out, CsvImportTest covers the
 * import itself). Not a timing test: no figure is judged against a target here. What is checked is that every
 * benchmark still runs on the real nodes, reports each figure beside its baseline with the ratio computed from the
 * two, and that its checks of what it measured (every value a hit, no peer answer missing) hold. Without this the
 * benchmark's own code, which no other test runs, could break unnoticed until the next measured run.
 */
class BenchSmokeTest {
    @TempDir
    Path tmp;

    /** What one run of the bench command returned and printed. */
    private record Run(int exit, String out, String err) {
        Run ok() {
            assertThat(exit).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isZero();
            return this;
        }
    }

    private static Run bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BenchMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Minutes of CPU at the smallest size: run by {@code mvn verify -P slow}, which .ci/run runs. */
    @Test
    @Tag("slow")
    void everyBenchmarkRunsAndReportsEachFigureBesideItsBaseline() throws Exception {
        Path json = tmp.resolve("bench.json");
        Run run = bench(
                        "--scale",
                        "small",
                        "--store-values",
                        "4000",
                        "--only",
                        "ingest,local,scale,peer,fanout,signing,sync,flood",
                        "--json",
                        json.toString(),
                        "--dir",
                        tmp.resolve("work").toString())
                .ok();
        assertThat(run.out()).contains("Results (small scale");

        JsonNode results = new ObjectMapper().readTree(json.toFile()).path("results");
        Set<String> benchmarks = new LinkedHashSet<>();
        List<String> judged = new ArrayList<>();
        for (JsonNode r : results) {
            String row = r.path("benchmark").asText() + " | " + r.path("figure").asText();
            benchmarks.add(r.path("benchmark").asText());
            double value = r.path("value").asDouble();
            assertThat(value).as(row).isFinite().isPositive();
            if (!r.path("baseline_name").asText().isEmpty()) {
                double baseline = r.path("baseline").asDouble();
                assertThat(baseline).as(row + " baseline").isFinite().isPositive();
                assertThat(r.path("ratio").asDouble())
                        .as(row + " ratio")
                        .isCloseTo(value / baseline, Percentage.withPercentage(1e-6));
            }
            if (!r.path("target").asText().equals("(reported)")
                    && !r.path("target").asText().isEmpty()) {
                assertThat(r.path("met").isBoolean()).as(row + " has a verdict").isTrue();
                judged.add(row);
            }
        }
        assertThat(benchmarks)
                .containsExactly(
                        "1 ingest",
                        "5 scale",
                        "2 local lookup",
                        "6 sync",
                        "10 peer flood",
                        "3 peer lookup",
                        "4 fan-out",
                        "7 signing");
        assertThat(judged).anyMatch(r -> r.startsWith("2 local lookup | values/s, CaseService.lookupLocalSerialized"));
        assertThat(rows(results, "2 local lookup"))
                .allMatch(r -> r.path("baseline_name").asText().equals("raw multiGetAsList, same open store"));
        assertThat(rows(results, "3 peer lookup"))
                .hasSize(3)
                .allMatch(r -> r.path("note").asText().contains("all values are hits"));
        assertThat(rows(results, "4 fan-out"))
                .hasSize(2)
                .allMatch(r -> r.path("note").asText().contains("peer answers missing: 0"));
        assertThat(rows(results, "10 peer flood"))
                .singleElement()
                .matches(
                        r -> r.path("note").asText().matches("flooder served [\\d,]+ and refused [1-9][\\d,]* calls.*"),
                        "the shipped budget refused the flooder");
    }

    @Test
    void badOptionsAreRefusedNamingTheOptionBeforeAnythingRuns() {
        Run scale = bench("--scale", "huge");
        assertThat(scale.exit()).isNotZero();
        assertThat(scale.err()).contains("--scale must be small or full, not huge");

        Run only = bench("--only", "ingest,nope");
        assertThat(only.exit()).isNotZero();
        assertThat(only.err()).contains("--only: unknown benchmark 'nope'").contains("ingest,local,peer");

        Run callers = bench("--callers", "0");
        assertThat(callers.exit()).isNotZero();
        assertThat(callers.err()).contains("--callers must be 1 to 64, not 0");
        assertThat(scale.out() + only.out() + callers.out()).doesNotContain("work folder");
    }

    private static List<JsonNode> rows(JsonNode results, String benchmark) {
        List<JsonNode> out = new ArrayList<>();
        results.forEach(r -> {
            if (r.path("benchmark").asText().equals(benchmark)) {
                out.add(r);
            }
        });
        return out;
    }
}
