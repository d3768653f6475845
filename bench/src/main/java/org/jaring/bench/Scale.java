package org.jaring.bench;

/**
 * Sizes of one run. {@code small} is a smoke test of every code path in a minute or two; {@code full} is what
 * docs/benchmarks.md records.
 */
record Scale(
        String name,
        long storeValues,
        long firstCheckpoint,
        int lookupRounds,
        int lookupBatchesPerRound,
        int peerIndicators,
        int peerRounds,
        int[] peerCallsPerRound,
        int fanoutSingleCalls,
        int fanoutBatchCalls) {
    static final int BATCH = 1_000;
    static final int[] PEER_BATCHES = {1, 100, 1_000};

    static Scale of(String name) {
        return switch (name) {
            case "small" -> new Scale("small", 200_000, 20_000, 5, 20, 5_000, 3, new int[] {300, 60, 10}, 300, 10);
            case "full" ->
                new Scale("full", 10_000_000, 1_000_000, 7, 50, 20_000, 5, new int[] {1_000, 200, 40}, 2_000, 40);
            default -> throw new IllegalArgumentException("--scale must be small or full, not " + name);
        };
    }

    Scale withStore(long values) {
        long first = Math.max(BATCH, Math.min(firstCheckpoint, values / 4));
        return new Scale(
                name,
                values,
                first,
                lookupRounds,
                lookupBatchesPerRound,
                peerIndicators,
                peerRounds,
                peerCallsPerRound,
                fanoutSingleCalls,
                fanoutBatchCalls);
    }
}
