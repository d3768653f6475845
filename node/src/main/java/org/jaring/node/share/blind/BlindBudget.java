package org.jaring.node.share.blind;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jaring.core.failure.LimitExceededException;
import org.jaring.node.store.BlindState;

/**
 * Each peer's evaluations per UTC day ({@code blind.evaluations_per_day}), counted durably before any evaluation
 * leaves: the budget is what keeps a peer from enumerating a small value space (every phone number of a country)
 * through this node's key. The token buckets of the peer boundary bound the rate of calls; this bounds the total.
 */
public final class BlindBudget {
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final BlindState state;
    private final long perDay;
    private final Clock clock;

    public BlindBudget(BlindState state, long perDay, Clock clock) {
        this.state = Objects.requireNonNull(state, "state");
        this.perDay = perDay;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Takes {@code n} evaluations of {@code peer}'s budget for today; the count before, or RESOURCE_EXHAUSTED. */
    public long spend(String peer, int n) {
        long now = clock.millis();
        long day = now / DAY_MILLIS;
        long before = state.spend(peer, day, n, perDay);
        if (before < 0) {
            throw new LimitExceededException(
                    "blind.evaluations_per_day: this peer has used its " + perDay
                            + " blind evaluations for today (UTC); ask again after midnight UTC or in plain mode",
                    Duration.ofMillis((day + 1) * DAY_MILLIS - now));
        }
        return before;
    }
}
