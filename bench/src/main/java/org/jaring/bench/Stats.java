package org.jaring.bench;

import java.util.Arrays;

/** Percentiles and medians of measured samples. */
final class Stats {
    private Stats() {}

    /** Nearest-rank percentile, {@code p} in [0, 100]. */
    static double percentile(double[] samples, double p) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] samples) {
        return percentile(samples, 50);
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Latencies in ms from nanosecond samples. */
    static double[] toMillis(long[] nanos) {
        double[] out = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            out[i] = nanos[i] / 1e6;
        }
        return out;
    }
}
