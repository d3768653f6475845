package org.jaring.core.config;

/**
 * A rate and the burst a token bucket allows above it. {@link #UNLIMITED} stands for "not counted": a method
 * whose cost in values is meaningless (a feed call, a revocation list) has no values budget.
 */
public record Budget(double perSecond, double burst) {
    public static final Budget UNLIMITED = new Budget(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    public Budget {
        if (!(perSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("a budget needs a positive rate and a burst of at least 1");
        }
    }

    public boolean unlimited() {
        return Double.isInfinite(perSecond);
    }
}
