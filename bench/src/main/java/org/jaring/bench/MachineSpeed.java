package org.jaring.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * A fixed piece of work timed now, to tell a slow phase of the machine from a slow store. Why: the scale benchmark
 * compares lookup latency at two checkpoints minutes apart, and on the shared virtual machine here the raw RocksDB
 * baseline has run 1.4x slower in one run's lookup phase than in the next run's (docs/benchmarks-history.md). The work is
 * what a lookup is made of: reads that miss the processor's caches, and hashing.
 */
final class MachineSpeed {
    /** 64 MiB of ints: far larger than any processor cache, so each step of the walk is a memory read. */
    private static final int SLOTS = 16 << 20;

    private static final int STEPS = 1 << 20;
    private static final int ROUNDS = 5;
    private static final int HASHED_BYTES = 4 << 20;

    private MachineSpeed() {}

    /**
     * Milliseconds the work takes, the best of a few rounds (a phase of the machine slows all of them). Its 68 MiB
     * are garbage when it returns, so a later heap figure does not count them; call it after measuring memory.
     */
    static double probeMillis() {
        int[] next = walk();
        byte[] hashed = new byte[HASHED_BYTES];
        MessageDigest sha256 = sha256();
        double best = Double.MAX_VALUE;
        int sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            int at = 0;
            for (int i = 0; i < STEPS; i++) {
                at = next[at];
            }
            sink += at + sha256.digest(hashed)[0];
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        if (sink == 42) {
            System.out.print(""); // uses the result, so the walk is not optimised away
        }
        return best;
    }

    /** One random cycle through every slot (Sattolo's shuffle), fixed by its seed: every run walks the same. */
    private static int[] walk() {
        int[] next = new int[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            next[i] = i;
        }
        SplittableRandom random = new SplittableRandom(20261129);
        for (int i = SLOTS - 1; i > 0; i--) {
            int j = random.nextInt(i);
            int t = next[i];
            next[i] = next[j];
            next[j] = t;
        }
        return next;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
