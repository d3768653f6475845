package org.jaring.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.cli.JaringCli;
import org.jaring.v1.Indicator;
import picocli.CommandLine;

/**
 * CSV import (issue 9): {@code jaring import} itself, run in this process exactly as a user runs it (reads the
 * home's node.yaml, connects over mutual TLS with the admin certificate, reads, checks and uploads), on a CSV
 * written from {@link IndicatorSource}. Baseline: the node's own LoadIndicators ingest of the same raw values,
 * in batches of the size the import uses, into a second node with the same history; so the ratio is what the
 * CLI adds to (or, with several streams, takes off) the node's own ingest. Also: the import on one stream (a
 * third node), the same command with {@code --dry-run} (read and check only, nothing sent) and a second import of the same file (the update path).
 */
final class CsvBench {
    static final long SEED = 20261209L;
    private static final int WARMUP_ROWS = 20_000;
    private static final int ROUNDS = 2;
    private static final Pattern STORED = Pattern.compile("stored (\\d+) \\((\\d+) new");

    private final Scale scale;
    private final Progress progress;
    private final Results results;

    CsvBench(Scale scale, Progress progress, Results results) {
        this.scale = scale;
        this.progress = progress;
        this.results = results;
    }

    /** Wall-clock seconds of each measured step of one round. */
    private record Round(
            Measure ingest, Measure importing, Measure oneStream, Measure dryRun, Measure reimport, int stored) {}

    /** Wall clock and process CPU (node and client together, all threads) of one step. */
    private record Measure(double seconds, double cpuSeconds) {}

    void run(Path root) throws Exception {
        int rows = scale.name().equals("full") ? 1_000_000 : 200_000;
        try (BenchNode ingestNode = BenchNode.create(root, "TH-INGEST").start();
                BenchNode importNode = BenchNode.create(root, "TH-IMPORT").start();
                BenchNode oneStreamNode = BenchNode.create(root, "TH-IMPORT1").start()) {
            // The import's default batch (ImportCommand): the node's limit, at most 5,000.
            int batch = Math.min(5000, importNode.node().config().limits().maxBatchValues());
            IndicatorSource source = new IndicatorSource(SEED);
            progress.line("csv: warm-up, %,d rows through every step (not measured)", WARMUP_ROWS);
            round(root, "WARMUP", source.chunk(-1, WARMUP_ROWS), ingestNode, importNode, oneStreamNode, batch, true);
            List<Round> rounds = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                List<Indicator> values = source.chunk(r, rows);
                progress.line("csv: round %d of %d, %,d rows, batches of %,d", r + 1, ROUNDS, rows, batch);
                Round done = round(root, "CSV-" + r, values, ingestNode, importNode, oneStreamNode, batch, r % 2 == 0);
                progress.line(
                        "csv: import %,.0f/s, node ingest %,.0f/s, import on 1 stream %,.0f/s, dry run %,.0f/s,"
                                + " re-import %,.0f/s",
                        rows / done.importing.seconds,
                        rows / done.ingest.seconds,
                        rows / done.oneStream.seconds,
                        rows / done.dryRun.seconds,
                        rows / done.reimport.seconds);
                rounds.add(done);
            }
            report(rows, batch, rounds);
        }
    }

    private Round round(
            Path root,
            String caseId,
            List<Indicator> values,
            BenchNode ingestNode,
            BenchNode importNode,
            BenchNode oneStreamNode,
            int batch,
            boolean forward)
            throws Exception {
        Path csv = root.resolve(caseId.toLowerCase(Locale.ROOT) + ".csv");
        GeneratedCsv.write(csv, values);
        var batches = Loader.batches(caseId, values, batch);
        for (BenchNode node : List.of(ingestNode, importNode, oneStreamNode)) {
            Loader.putCase(node, caseId, PeerBench.GROUP);
        }
        // The three first writes of the values, each on its own node with the same history; the order flips
        // every round so that none always runs first (JIT, page cache, the neighbours' load).
        Measure[] seconds = new Measure[3];
        String[] first = new String[1];
        List<Runnable> steps = new ArrayList<>(List.of(
                () -> seconds[0] = timed(() -> Loader.load(ingestNode, batches)),
                () -> seconds[1] = timed(() -> first[0] = jaringImport(importNode, csv, caseId)),
                () -> seconds[2] = timed(() -> jaringImport(oneStreamNode, csv, caseId, "--streams", "1"))));
        if (!forward) {
            Collections.reverse(steps);
        }
        steps.forEach(Runnable::run);
        Measure dryRun = timed(() -> jaringImport(importNode, csv, caseId, "--dry-run"));
        String[] again = new String[1];
        Measure reimport = timed(() -> again[0] = jaringImport(importNode, csv, caseId));
        Matcher m = STORED.matcher(first[0]);
        Matcher m2 = STORED.matcher(again[0]);
        if (!m.find() || !m2.find() || !m2.group(2).equals("0") || !m.group(1).equals(m2.group(1))) {
            throw new IllegalStateException(
                    "the re-import should store the same indicators, none new: " + first[0] + " / " + again[0]);
        }
        return new Round(seconds[0], seconds[1], seconds[2], dryRun, reimport, Integer.parseInt(m.group(1)));
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Measure timed(Step step) {
        long cpu0 = SystemProbe.processCpuNanos();
        long t0 = System.nanoTime();
        try {
            step.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Measure((System.nanoTime() - t0) / 1e9, (SystemProbe.processCpuNanos() - cpu0) / 1e9);
    }

    /** Runs {@code jaring import} in this process against {@code node}; returns its summary line. */
    private static String jaringImport(BenchNode node, Path csv, String caseId, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "import",
                csv.toString(),
                "--case",
                caseId,
                "--map",
                GeneratedCsv.MAP,
                "--home",
                node.home.root().toString(),
                "--national",
                "127.0.0.1:" + node.node().nationalPort()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = JaringCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true)); // the per-batch progress lines
        int exit = cli.execute(args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("jaring import exited " + exit + ": " + out + err);
        }
        return out.toString();
    }

    private void report(int rows, int batch, List<Round> rounds) {
        double ingest = rate(rows, rounds, Round::ingest);
        double importing = rate(rows, rounds, Round::importing);
        double oneStream = rate(rows, rounds, Round::oneStream);
        double dryRun = rate(rows, rounds, Round::dryRun);
        double reimport = rate(rows, rounds, Round::reimport);
        results.add(new Result(
                "9 csv import",
                String.format("indicators/s, jaring import of a %,d-row CSV", rows),
                importing,
                "/s",
                String.format(
                        "node's own LoadIndicators ingest of the same values (1 stream, batches" + " of %,d)", batch),
                ingest,
                ">= 50,000/s",
                importing >= 50_000,
                String.format(
                        "%d rounds on fresh cases: %s; %,d distinct indicators stored per round (the rest are"
                                + " repeats in the file); wall clock of the whole command (node.yaml, TLS connect, case check,"
                                + " read, check, upload)",
                        rounds.size(), perRound(rows, rounds), rounds.get(0).stored)));
        results.add(new Result(
                "9 csv import",
                "indicators/s, the same import on one stream (--streams 1)",
                oneStream,
                "/s",
                "node's own ingest, 1 stream",
                ingest,
                "(reported)",
                null,
                "a third node with the same history: what the CLI costs on one stream, and (against the row above)"
                        + " what the parallel streams add"));
        results.add(new Result(
                "9 csv import",
                "indicators/s, read and check only (--dry-run, nothing sent)",
                dryRun,
                "/s",
                "the import",
                importing,
                "(reported)",
                null,
                "CSV parsing, canonical form with the node's Canonicalizer, field rules, duplicates"));
        results.add(new Result(
                "9 csv import",
                "indicators/s, the same file imported again (0 new)",
                reimport,
                "/s",
                "the first import",
                importing,
                "(reported)",
                null,
                "update path: every key already holds the record"));
        double importCpu = cpuMicros(rows, rounds, Round::importing);
        double ingestCpu = cpuMicros(rows, rounds, Round::ingest);
        results.add(new Result(
                "9 csv import",
                "process CPU per indicator, import (node and CLI in this JVM)",
                importCpu,
                "us",
                "node's own ingest (node and load client)",
                ingestCpu,
                "(reported)",
                null,
                String.format(
                        "steadier than wall clock on a shared machine; the difference, %.1f us, is what the CLI"
                                + " adds; read and check alone (--dry-run): %.1f us; one stream: %.1f us",
                        importCpu - ingestCpu,
                        cpuMicros(rows, rounds, Round::dryRun),
                        cpuMicros(rows, rounds, Round::oneStream))));
    }

    private static double rate(int rows, List<Round> rounds, Function<Round, Measure> step) {
        return rows
                * rounds.size()
                / rounds.stream().mapToDouble(r -> step.apply(r).seconds).sum();
    }

    private static double cpuMicros(int rows, List<Round> rounds, Function<Round, Measure> step) {
        return rounds.stream().mapToDouble(r -> step.apply(r).cpuSeconds).sum() * 1e6 / ((double) rows * rounds.size());
    }

    private static String perRound(int rows, List<Round> rounds) {
        List<String> parts = new ArrayList<>();
        for (Round r : rounds) {
            parts.add(String.format(
                    "import %,.0f/s ingest %,.0f/s", rows / r.importing.seconds, rows / r.ingest.seconds));
        }
        return String.join(", ", parts);
    }
}
