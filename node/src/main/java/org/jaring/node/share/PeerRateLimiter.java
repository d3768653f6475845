package org.jaring.node.share;

import java.util.concurrent.ConcurrentHashMap;
import org.jaring.node.failure.LimitExceededException;

/**
 * A token bucket of looked-up values per peer, so that one peer flooding the node is refused early and
 * cheaply (RESOURCE_EXHAUSTED) while every other peer keeps its own full allowance.
 */
public final class PeerRateLimiter {
    private final double valuesPerSecond;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final java.util.function.LongSupplier nanoTime;

    public PeerRateLimiter(double valuesPerSecond, double burst) {
        this(valuesPerSecond, burst, System::nanoTime);
    }

    PeerRateLimiter(double valuesPerSecond, double burst, java.util.function.LongSupplier nanoTime) {
        this.valuesPerSecond = valuesPerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    public void acquire(String peer, int values) {
        Bucket bucket = buckets.computeIfAbsent(peer, p -> new Bucket(burst, nanoTime.getAsLong()));
        if (!bucket.take(values, valuesPerSecond, burst, nanoTime.getAsLong())) {
            throw new LimitExceededException("rate limit: " + peer + " may look up " + (long) valuesPerSecond
                    + " values a second (bursts of " + (long) burst + "); slow down and retry");
        }
    }

    private static final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }

        synchronized boolean take(int n, double rate, double burst, long now) {
            tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * rate);
            lastNanos = now;
            if (tokens < n) {
                return false;
            }
            tokens -= n;
            return true;
        }
    }
}
