package org.jaring.core.failure;

import java.time.Duration;
import java.util.Optional;

/**
 * A configured limit (batch size, rate, budget) was exceeded: RESOURCE_EXHAUSTED. The message names the limit.
 * A rate or budget that refills carries the delay after which the same call would pass; the status then carries
 * it as google.rpc.RetryInfo, so a well-behaved caller waits instead of retrying at once. A call that can never
 * pass (more values in one call than the limit) carries none.
 */
public final class LimitExceededException extends JaringException {
    private final Duration retryAfter;

    public LimitExceededException(String message) {
        this(message, null);
    }

    public LimitExceededException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
