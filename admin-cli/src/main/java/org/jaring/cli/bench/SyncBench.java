package org.jaring.cli.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.SyncNowResponse;

/**
 * Feed sync between two real nodes over mutual TLS: the items/s a receiver applies from an origin's feed (each
 * batch and its cursor one synced write, then correlated), against the origin's own ingest of the same items in
 * the same run; and what correlation adds to each ingested indicator.
 */
final class SyncBench {
    private static final int CORRELATION_VALUES = 20_000;

    private final Scale scale;
    private final Progress progress;
    private final Results results;

    SyncBench(Scale scale, Progress progress, Results results) {
        this.scale = scale;
        this.progress = progress;
        this.results = results;
    }

    void run(Path root) throws Exception {
        int items = scale.name().equals("full") ? 1_000_000 : 100_000;
        try (BenchNode origin = BenchNode.create(root, "MY-ORIGIN").start();
             BenchNode receiver = BenchNode.create(root, "TH-RECEIVER").start()) {
            origin.trust(receiver, PeerBench.GROUP);
            receiver.trust(origin, PeerBench.GROUP);
            Loader.putCase(origin, "SHARED", PeerBench.GROUP);
            List<AddIndicatorsRequest> batches = Loader.batches("SHARED", domains("shared", items));
            progress.line("sync: the origin ingests %,d items", items);
            long t0 = System.nanoTime();
            long cpu0 = SystemProbe.processCpuNanos();
            long stored = Loader.load(origin, batches).getStored();
            double ingestPerSecond = stored / ((System.nanoTime() - t0) / 1e9);
            double ingestCpuMicros = (SystemProbe.processCpuNanos() - cpu0) / 1e3 / stored;

            progress.line("sync: the receiver pulls the origin's feed (%,d changes)", stored);
            t0 = System.nanoTime();
            cpu0 = SystemProbe.processCpuNanos();
            SyncNowResponse sync = receiver.admin().syncNow(SyncNowRequest.getDefaultInstance());
            double seconds = (System.nanoTime() - t0) / 1e9;
            long syncCpuNanos = SystemProbe.processCpuNanos() - cpu0;
            long applied = sync.getPeersList().stream().mapToLong(p -> p.getApplied()).sum();
            double syncPerSecond = applied / seconds;
            results.add(new Result("6 sync", String.format("items/s synced peer to peer, %,d items", applied),
                    syncPerSecond, "/s", "origin's own ingest of the same items", ingestPerSecond,
                    ">= 100,000/s", syncPerSecond >= 100_000,
                    String.format("%.1f s; batches of 1,000, each applied with its cursor in one synced write and correlated", seconds)));
            // Both nodes run in this JVM: on a small machine the sync is bound by their CPU together.
            if (cpu0 >= 0 && applied > 0) {
                results.add(new Result("6 sync", "process CPU per synced item (origin and receiver in this JVM)",
                        syncCpuNanos / 1e3 / applied, "us", "the origin's own ingest (node and load client)",
                        ingestCpuMicros, "(reported)", null, String.format("%.2f of the %d cores busy during the sync;"
                                + " includes RocksDB's flushes and compactions, garbage collection and the JIT",
                                syncCpuNanos / 1e9 / seconds, Runtime.getRuntime().availableProcessors())));
            }

            // Correlation: the receiver ingests values that all match synced items, then values that match none.
            Loader.putCase(receiver, "LOCAL", PeerBench.GROUP);
            double matching = ingestMicros(receiver, domains("shared", CORRELATION_VALUES));
            double fresh = ingestMicros(receiver, domains("fresh", CORRELATION_VALUES));
            results.add(new Result("6 sync", "correlation cost per ingested indicator (every value matches a synced item)",
                    matching - fresh, "us", "ingest of values matching nothing", fresh, "(reported)", null,
                    String.format("%.1f us per matching indicator against %.1f us per fresh one; one alert per match",
                            matching, fresh)));
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
            out.add(Indicator.newBuilder().setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                    .setValue(prefix + "-" + i + ".sync-bench.example").build());
        }
        return out;
    }
}
