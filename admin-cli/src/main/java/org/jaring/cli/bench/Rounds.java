package org.jaring.cli.bench;

/**
 * Runs a batch operation in rounds after a warm-up round, and keeps each round's throughput and every batch's
 * latency. Figures are the median round and percentiles over all measured batches.
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

    static Rounds measure(Progress progress, String what, int rounds, int batchesPerRound, int valuesPerBatch,
                          Batch batch) throws Exception {
        for (int i = 0; i < batchesPerRound; i++) {
            batch.run(i); // warm-up round: JIT, caches, connections
        }
        double[] rates = new double[rounds];
        double[] latencies = new double[rounds * batchesPerRound];
        for (int r = 0; r < rounds; r++) {
            long roundStart = System.nanoTime();
            for (int i = 0; i < batchesPerRound; i++) {
                long t = System.nanoTime();
                batch.run(i);
                latencies[r * batchesPerRound + i] = (System.nanoTime() - t) / 1e6;
            }
            rates[r] = (double) batchesPerRound * valuesPerBatch / ((System.nanoTime() - roundStart) / 1e9);
            progress.tick("%s: round %d/%d, %,.0f values/s", what, r + 1, rounds, rates[r]);
        }
        return new Rounds(rates, latencies);
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
        return String.format("rounds %,.0f..%,.0f/s", Stats.percentile(valuesPerSecond, 0),
                Stats.percentile(valuesPerSecond, 100));
    }
}
