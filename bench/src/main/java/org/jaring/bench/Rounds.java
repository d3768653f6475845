package org.jaring.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a batch operation in rounds after a warm-up round, and keeps each round's throughput and every batch's
 * latency. Figures are the median round and percentiles over all measured batches. A round may be run by
 * several callers at once (each batch is one call; the callers take the round's batches in turn), which is how
 * analysts and peers arrive at a node.
 */
final class Rounds {
    interface Batch {
        void run(int index) throws Exception;
    }

    final double[] valuesPerSecond;
    final double[] latencyMillis;

    private Rounds(double[] valuesPerSecond, double[] latencyMillis) {
        this.valuesPerSecond = valuesPerSecond;
        this.latencyMillis = latencyMillis;
    }

    static Rounds measure(
            Progress progress, String what, int rounds, int batchesPerRound, int valuesPerBatch, Batch batch)
            throws Exception {
        return pair(progress, what, "", rounds, batchesPerRound, valuesPerBatch, 1, batch, null)[0];
    }

    /**
     * Measures {@code a} and {@code b} in alternating rounds (a warm-up of each, then a, b, a, b ...), so that
     * a change in the machine's load during the run hits both about equally: the ratio of the two is what the
     * benchmark reports, and on a shared machine the load changes within seconds. {@code b} may be null.
     */
    static Rounds[] pair(
            Progress progress,
            String whatA,
            String whatB,
            int rounds,
            int batchesPerRound,
            int valuesPerBatch,
            int callers,
            Batch a,
            Batch b)
            throws Exception {
        ExecutorService pool = callers > 1
                ? Executors.newFixedThreadPool(callers, r -> {
                    Thread t = new Thread(r, "bench-caller");
                    t.setDaemon(true);
                    return t;
                })
                : null;
        try {
            double[][] latencies = new double[2][rounds * batchesPerRound];
            double[][] rates = new double[2][rounds];
            round(pool, callers, batchesPerRound, a, null); // warm-up rounds: JIT, caches, connections
            if (b != null) {
                round(pool, callers, batchesPerRound, b, null);
            }
            for (int r = 0; r < rounds; r++) {
                double[] into = new double[batchesPerRound];
                rates[0][r] =
                        batchesPerRound * (double) valuesPerBatch / round(pool, callers, batchesPerRound, a, into);
                System.arraycopy(into, 0, latencies[0], r * batchesPerRound, batchesPerRound);
                progress.tick("%s: round %d/%d, %,.0f values/s", whatA, r + 1, rounds, rates[0][r]);
                if (b != null) {
                    rates[1][r] =
                            batchesPerRound * (double) valuesPerBatch / round(pool, callers, batchesPerRound, b, into);
                    System.arraycopy(into, 0, latencies[1], r * batchesPerRound, batchesPerRound);
                    progress.tick("%s: round %d/%d, %,.0f values/s", whatB, r + 1, rounds, rates[1][r]);
                }
            }
            return new Rounds[] {
                new Rounds(rates[0], latencies[0]), b == null ? null : new Rounds(rates[1], latencies[1])
            };
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** One round; returns its duration in seconds, and each batch's latency in ms into {@code latencies}. */
    private static double round(ExecutorService pool, int callers, int batches, Batch batch, double[] latencies)
            throws Exception {
        long start = System.nanoTime();
        if (pool == null) {
            for (int i = 0; i < batches; i++) {
                timed(batch, i, latencies);
            }
        } else {
            AtomicInteger next = new AtomicInteger();
            Future<?>[] running = new Future<?>[callers];
            for (int c = 0; c < callers; c++) {
                running[c] = pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < batches; i = next.getAndIncrement()) {
                        timed(batch, i, latencies);
                    }
                    return null;
                });
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void timed(Batch batch, int i, double[] latencies) throws Exception {
        long t = System.nanoTime();
        batch.run(i);
        if (latencies != null) {
            latencies[i] = (System.nanoTime() - t) / 1e6;
        }
    }

    double medianRate() {
        return Stats.median(valuesPerSecond);
    }

    double p50() {
        return Stats.percentile(latencyMillis, 50);
    }

    double p99() {
        return Stats.percentile(latencyMillis, 99);
    }

    String spread() {
        return String.format(
                "rounds %,.0f..%,.0f/s", Stats.percentile(valuesPerSecond, 0), Stats.percentile(valuesPerSecond, 100));
    }
}
