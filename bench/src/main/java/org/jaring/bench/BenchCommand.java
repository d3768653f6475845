package org.jaring.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jaring.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jaring bench}: real nodes on 127.0.0.1 over mutual TLS, each figure beside a baseline measured in the
 * same run, with its target. Not part of the test suite.
 */
@Command(
        name = "jaring-bench",
        mixinStandardHelpOptions = true,
        description = "Measures ingest, local lookup, peer lookup, fan-out, scale, feed sync, CSV import and a peer"
                + " flood on real nodes on 127.0.0.1 (mutual TLS, RocksDB), each beside a baseline measured in the same run (raw RocksDB, a plain"
                + " gRPC echo over the same TLS), and prints the figures with their targets.")
public final class BenchCommand implements Callable<Integer> {
    static final List<String> NAMES = List.of(
            "ingest", "local", "peer", "fanout", "signing", "blind", "blind-index", "scale", "sync", "csv", "flood");
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger JARING_LOG = Logger.getLogger("org.jaring");

    private static final Logger GRPC_LOG = Logger.getLogger("io.grpc");

    @Option(
            names = "--scale",
            defaultValue = "small",
            paramLabel = "small|full",
            description = "small: a smoke run of every path in a minute or two; full: what docs/benchmarks.md"
                    + " records (10 million indicators). Default: ${DEFAULT-VALUE}.")
    String scaleName;

    @Option(
            names = "--store-values",
            paramLabel = "N",
            description =
                    "Override the store size of the scale (indicators); the first scale checkpoint is a quarter of it,"
                            + " at most 1,000,000 (full) or 20,000 (small).")
    Long storeValues;

    @Option(
            names = "--only",
            split = ",",
            paramLabel = "NAME",
            description =
                    "Run only these benchmarks: ingest, local, peer, fanout, signing, blind, blind-index, scale, sync, csv,"
                            + " flood"
                            + " (default: all).")
    List<String> only;

    @Option(
            names = "--callers",
            defaultValue = "1",
            paramLabel = "N",
            description = "Calls in flight at once in the peer, fanout and signing benchmarks (analysts and peers"
                    + " arrive concurrently). Default: ${DEFAULT-VALUE}.")
    int callers;

    @Option(
            names = "--tls-provider",
            paramLabel = "BCJSSE|JDK",
            description = "tls.provider of the nodes of the peer, fanout and signing benchmarks (default: what"
                    + " node init writes).")
    String tlsProvider;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path json;

    @Option(names = "--markdown", description = "Also print the results as a markdown table.")
    boolean markdown;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description =
                    "Work folder for node homes and stores (default: a new temporary folder, deleted afterwards).")
    Path dir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Scale scale;
        try {
            scale = Scale.of(scaleName);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (storeValues != null) {
            scale = scale.withStore(storeValues);
        }
        Set<String> selected = new LinkedHashSet<>(only == null || only.isEmpty() ? NAMES : only);
        for (String name : selected) {
            if (!NAMES.contains(name)) {
                throw new UserError("--only: unknown benchmark '" + name + "'; choose from " + String.join(",", NAMES));
            }
        }
        if (callers < 1 || callers > 64) {
            throw new UserError("--callers must be 1 to 64, not " + callers);
        }
        if (tlsProvider != null && !List.of("BCJSSE", "JDK").contains(tlsProvider)) {
            throw new UserError("--tls-provider must be BCJSSE or JDK, not " + tlsProvider);
        }
        JARING_LOG.setLevel(Level.WARNING); // the nodes' INFO lines would drown the progress lines
        GRPC_LOG.setLevel(Level.SEVERE);
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(out);
        Results results = new Results();
        boolean temporary = dir == null;
        Path root = temporary ? Files.createTempDirectory("jaring-bench-") : Files.createDirectories(dir);
        Thread cleanup = new Thread(() -> deleteTree(root), "bench-cleanup");
        if (temporary) {
            Runtime.getRuntime().addShutdownHook(cleanup); // an interrupted run leaves no gigabytes behind
        }
        results.context("scale", scale.name());
        results.context("store_values", Long.toString(scale.storeValues()));
        results.context("machine", SystemProbe.machine());
        results.context("limits", BenchNode.LIMITS);
        results.context("mix", IndicatorSource.MIX);
        results.context("callers", Integer.toString(callers));
        results.context("tls_provider", tlsProvider == null ? "node init default" : tlsProvider);
        out.printf("jaring bench --scale %s (%s), work folder %s%n", scale.name(), String.join(",", selected), root);
        out.printf("machine: %s%n", SystemProbe.machine());
        out.printf(
                "nodes: generated by node init; %s; tls.provider %s; %d call(s) in flight%n%n",
                BenchNode.LIMITS, tlsProvider == null ? "as node init writes it" : tlsProvider, callers);
        out.flush();
        long start = System.nanoTime();
        try {
            if (selected.contains("ingest") || selected.contains("local") || selected.contains("scale")) {
                new StoreBench(
                                scale,
                                progress,
                                results,
                                root.resolve("store"),
                                selected.contains("ingest"),
                                selected.contains("local"),
                                selected.contains("scale"))
                        .run();
                deleteTree(root.resolve("store"));
            }
            if (selected.contains("sync")) {
                new SyncBench(scale, progress, results).run(root.resolve("sync"));
                deleteTree(root.resolve("sync"));
            }
            if (selected.contains("csv")) {
                new CsvBench(scale, progress, results).run(root.resolve("csv"));
                deleteTree(root.resolve("csv"));
            }
            if (selected.contains("blind-index")) {
                new BlindIndexBench(scale, progress, results).run(root.resolve("blind-index"));
                deleteTree(root.resolve("blind-index"));
            }
            if (selected.contains("flood")) {
                new FloodBench(scale, progress, results).run(root.resolve("flood"));
                deleteTree(root.resolve("flood"));
            }
            if (selected.contains("peer")
                    || selected.contains("fanout")
                    || selected.contains("signing")
                    || selected.contains("blind")) {
                int peers = selected.contains("fanout") || selected.contains("blind") ? 10 : 1;
                try (PeerNetwork network = PeerNetwork.start(
                        root.resolve("network"), peers, scale.peerIndicators(), tlsProvider, progress)) {
                    if (selected.contains("peer")) {
                        new PeerBench(scale, progress, results, callers).run(network);
                    }
                    if (selected.contains("fanout")) {
                        new FanoutBench(scale, progress, results, callers).run(network);
                    }
                    if (selected.contains("signing")) {
                        new SigningBench(scale, progress, results, callers).run(network);
                    }
                    if (selected.contains("blind")) {
                        new BlindBench(scale, progress, results, callers).run(network);
                    }
                }
            }
        } finally {
            if (temporary) {
                deleteTree(root);
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
        }
        results.context("duration_seconds", String.format("%.0f", (System.nanoTime() - start) / 1e9));
        out.printf(
                "%nResults (%s scale, %.0f s; ratio = value / baseline, both measured in this run):%n%n",
                scale.name(), (System.nanoTime() - start) / 1e9);
        results.printTable(out);
        if (markdown) {
            out.println();
            results.printMarkdown(out);
        }
        if (json != null) {
            results.writeJson(json);
            out.println("\nJSON written to " + json);
        }
        out.flush();
        return 0;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
