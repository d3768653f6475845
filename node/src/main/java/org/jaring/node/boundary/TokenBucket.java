package org.jaring.node.boundary;

import org.jaring.core.config.Budget;

/**
 * One token bucket: starts full at the budget's burst and refills continuously at its rate. Taking more than
 * the bucket holds takes nothing and says how long until it would hold enough, which the refusal passes on to
 * the caller as its retry delay.
 */
final class TokenBucket {
    private final Budget budget;
    private double tokens;
    private long lastNanos;

    TokenBucket(Budget budget, long nowNanos) {
        this.budget = budget;
        this.tokens = budget.burst();
        this.lastNanos = nowNanos;
    }

    /** 0 if {@code n} tokens were taken; else the nanoseconds until they could be (nothing taken). */
    synchronized long take(double n, long nowNanos) {
        refill(nowNanos);
        if (tokens >= n) {
            tokens -= n;
            return 0;
        }
        if (n > budget.burst()) {
            return Long.MAX_VALUE; // never: the caller asks more in one call than the budget ever holds
        }
        return (long) Math.ceil((n - tokens) / budget.perSecond() * 1e9);
    }

    /** Gives back tokens taken for a call that was refused later for another budget. */
    synchronized void giveBack(double n) {
        tokens = Math.min(budget.burst(), tokens + n);
    }

    private void refill(long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(budget.burst(), tokens + (nowNanos - lastNanos) / 1e9 * budget.perSecond());
            lastNanos = nowNanos;
        }
    }
}
