package org.jaring.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.SyncNowResponse;

/**
 * Feed sync between two real nodes over mutual TLS: the items/s a receiver applies from an origin's feed (each
 * batch and its cursor one synced write, then correlated), against the origin's own ingest of the same items in
 * the same run; and what correlation adds to each ingested indicator. The timed sync runs after throwaway pairs
 * of nodes have synced until the JIT compiler is quiet.
 */
final class SyncBench {
    private static final int CORRELATION_VALUES = 20_000;
    /** Warm-up stops after a sync during which the compiler threads were busy less than this share of its time. */
    private static final double QUIET_JIT_SHARE = 0.25;

    private static final int MAX_WARM_UP_ROUNDS = 8;

    private final Scale scale;
    private final Progress progress;
    private final Results results;

    SyncBench(Scale scale, Progress progress, Results results) {
        this.scale = scale;
        this.progress = progress;
        this.results = results;
    }

    void run(Path root) throws Exception {
        boolean full = scale.name().equals("full");
        int items = full ? 1_000_000 : 100_000;
        int warmUpItems = full ? 250_000 : 50_000;
        // A node syncs for months in one process, but a fresh JVM spends its first tens of seconds compiling, on
        // one of the two cores here. Throwaway pairs of nodes sync first, until the compiler is quiet, so that the
        // timed sync measures the nodes rather than the JIT; the first of them shows what a cold JVM does.
        Sync first = null;
        int rounds = 0;
        while (rounds < (full ? MAX_WARM_UP_ROUNDS : 2)) {
            rounds++;
            Sync warm;
            Pair pair = new Pair(root, "MY-WARMUP" + rounds, "TH-WARMUP" + rounds);
            try (pair) {
                pair.ingest(warmUpItems);
                warm = pair.sync();
            }
            pair.delete();
            first = first == null ? warm : first;
            progress.line(
                    "sync: warm-up %d: %,d items at %,.0f items/s, the JIT compiler busy %.0f%% of that time",
                    rounds, warmUpItems, warm.perSecond(), warm.jitShare() * 100);
            if (warm.jitShare() < QUIET_JIT_SHARE) {
                break;
            }
        }

        try (Pair pair = new Pair(root, "MY-ORIGIN", "TH-RECEIVER")) {
            progress.line("sync: the origin ingests %,d items", items);
            Ingest ingest = pair.ingest(items);
            progress.line("sync: the receiver pulls the origin's feed (%,d changes)", ingest.stored());
            Sync sync = pair.sync();
            results.add(new Result(
                    "6 sync",
                    String.format("items/s synced peer to peer, %,d items", sync.applied()),
                    sync.perSecond(),
                    "/s",
                    "origin's own ingest of the same items",
                    ingest.perSecond(),
                    ">= 100,000/s",
                    sync.perSecond() >= 100_000,
                    String.format(
                            "%.1f s; batches of %,d (sync.batch_items), each applied with its cursor in one"
                                    + " synced write and correlated; after %d untimed warm-up syncs of %,d items on other"
                                    + " nodes; the JIT compiler was busy %.0f%% of this sync",
                            sync.seconds(),
                            pair.receiver.node().config().sync().batchItems(),
                            rounds,
                            warmUpItems,
                            sync.jitShare() * 100)));
            // Both nodes run in this JVM: on a small machine the sync is bound by their CPU together.
            if (sync.cpuNanos() >= 0 && sync.applied() > 0) {
                results.add(new Result(
                        "6 sync",
                        "process CPU per synced item (origin and receiver in this JVM)",
                        sync.cpuNanos() / 1e3 / sync.applied(),
                        "us",
                        "the origin's own ingest (node and load client)",
                        ingest.cpuMicros(),
                        "(reported)",
                        null,
                        String.format(
                                "%.2f of the %d cores busy during the"
                                        + " sync; includes RocksDB's flushes and compactions, garbage collection and the JIT",
                                sync.cpuNanos() / 1e9 / sync.seconds(),
                                Runtime.getRuntime().availableProcessors())));
            }
            results.add(new Result(
                    "6 sync",
                    String.format("items/s, the first warm-up sync (%,d items)", warmUpItems),
                    first.perSecond(),
                    "/s",
                    "the timed sync",
                    sync.perSecond(),
                    "(reported)",
                    null,
                    String.format(
                            "what a JVM that has not compiled the path yet does: the JIT compiler was busy %.0f%%"
                                    + " of it (two compiler threads, so up to 200%%)",
                            first.jitShare() * 100)));
            correlation(pair.receiver);
        }
    }

    /** The receiver ingests values that all match synced items, then values that match none. */
    private void correlation(BenchNode receiver) throws Exception {
        Loader.putCase(receiver, "LOCAL", PeerBench.GROUP);
        double matching = ingestMicros(receiver, domains("shared", CORRELATION_VALUES));
        double fresh = ingestMicros(receiver, domains("fresh", CORRELATION_VALUES));
        results.add(new Result(
                "6 sync",
                "correlation cost per ingested indicator (every value matches a synced item)",
                matching - fresh,
                "us",
                "ingest of values matching nothing",
                fresh,
                "(reported)",
                null,
                String.format(
                        "%.1f us per matching indicator against %.1f us per fresh one; one alert per match",
                        matching, fresh)));
    }

    private record Ingest(long stored, double perSecond, double cpuMicros) {}

    private record Sync(long applied, double seconds, long cpuNanos, long jitMillis) {
        double perSecond() {
            return applied / seconds;
        }

        /** Compiler time over wall time: two compiler threads, so up to 2. */
        double jitShare() {
            return jitMillis / 1e3 / seconds;
        }
    }

    /** An origin and a receiver that trust each other, and a shared case on the origin. */
    private static final class Pair implements AutoCloseable {
        private final Path root;
        private final BenchNode origin;
        private final BenchNode receiver;

        Pair(Path root, String originId, String receiverId) throws Exception {
            this.root = root;
            this.origin = BenchNode.create(root, originId).start();
            this.receiver = BenchNode.create(root, receiverId).start();
            origin.trust(receiver, PeerBench.GROUP);
            receiver.trust(origin, PeerBench.GROUP);
            Loader.putCase(origin, "SHARED", PeerBench.GROUP);
        }

        Ingest ingest(int items) throws Exception {
            List<AddIndicatorsRequest> batches = Loader.batches("SHARED", domains("shared", items));
            long t0 = System.nanoTime();
            long cpu0 = SystemProbe.processCpuNanos();
            long stored = Loader.load(origin, batches).getStored();
            return new Ingest(
                    stored,
                    stored / ((System.nanoTime() - t0) / 1e9),
                    (SystemProbe.processCpuNanos() - cpu0) / 1e3 / stored);
        }

        Sync sync() {
            long jit0 = SystemProbe.compilerMillis();
            long cpu0 = SystemProbe.processCpuNanos();
            long t0 = System.nanoTime();
            SyncNowResponse sync = receiver.admin().syncNow(SyncNowRequest.getDefaultInstance());
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu = cpu0 < 0 ? -1 : SystemProbe.processCpuNanos() - cpu0;
            long applied =
                    sync.getPeersList().stream().mapToLong(p -> p.getApplied()).sum();
            return new Sync(applied, seconds, cpu, SystemProbe.compilerMillis() - jit0);
        }

        @Override
        public void close() {
            origin.close();
            receiver.close();
        }

        /** Deletes both nodes' folders (once closed): a warm-up pair's stores are not needed afterwards. */
        void delete() throws IOException {
            for (String id : List.of(origin.nodeId, receiver.nodeId)) {
                try (Stream<Path> files = Files.walk(root.resolve(id))) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    private static double ingestMicros(BenchNode node, List<Indicator> values) throws Exception {
        List<AddIndicatorsRequest> batches = Loader.batches("LOCAL", values);
        long t0 = System.nanoTime();
        Loader.load(node, batches);
        return (System.nanoTime() - t0) / 1e3 / values.size();
    }

    private static List<Indicator> domains(String prefix, int count) {
        List<Indicator> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(Indicator.newBuilder()
                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                    .setValue(prefix + "-" + i + ".sync-bench.example")
                    .build());
        }
        return out;
    }
}
