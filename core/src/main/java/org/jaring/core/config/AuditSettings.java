package org.jaring.core.config;

import java.time.Duration;

/**
 * node.yaml {@code audit}: a signed checkpoint after {@code checkpoint_every} records or
 * {@code checkpoint_interval}, whichever comes first (only when records were added since the last one);
 * records are kept for {@code retention} (null: forever), pruned every {@code prune_interval} (docs/audit.md).
 */
public record AuditSettings(
        int checkpointEvery, Duration checkpointInterval, Duration retention, Duration pruneInterval) {
    /** Seven years: a common statutory period for keeping criminal-investigation records. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7 * 365);

    public static final Duration DEFAULT_PRUNE_INTERVAL = Duration.ofHours(1);
    public static final AuditSettings DEFAULT = new AuditSettings(1000, Duration.ofMinutes(1));

    public AuditSettings {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint_every must be at least 1");
        }
        if (checkpointInterval == null || checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("checkpoint_interval must be positive");
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("retention must be positive (or forever)");
        }
        if (pruneInterval == null || pruneInterval.isNegative() || pruneInterval.isZero()) {
            throw new IllegalArgumentException("prune_interval must be positive");
        }
    }

    /** The default retention and prune interval. */
    public AuditSettings(int checkpointEvery, Duration checkpointInterval) {
        this(checkpointEvery, checkpointInterval, DEFAULT_RETENTION, DEFAULT_PRUNE_INTERVAL);
    }

    /** False when {@code retention: forever}: nothing is ever pruned. */
    public boolean prunes() {
        return retention != null;
    }
}
