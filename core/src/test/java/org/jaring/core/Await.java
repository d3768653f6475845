package org.jaring.core;

import java.util.function.BooleanSupplier;

/**
 * Waits for a condition, never for a duration. The limit only turns a condition that never comes into a failure
 * instead of a hung build: it is far above what any condition here takes, even on a heavily loaded machine, and a
 * passing test never waits for it.
 */
public final class Await {
    private static final long LIMIT_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(2);

    private Await() {}

    /** Returns as soon as {@code condition} holds; fails naming {@code what} if it has not after two minutes. */
    public static void until(String what, BooleanSupplier condition) {
        long limit = System.nanoTime() + LIMIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - limit > 0) {
                throw new AssertionError("still waiting after 2 minutes: " + what);
            }
            try {
                Thread.sleep(10); // polling interval, not a wait for time to pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
        }
    }
}
