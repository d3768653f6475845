package org.jaring.node.audit;

import java.time.Duration;

/**
 * node.yaml {@code audit}: a signed checkpoint after {@code checkpoint_every} records or
 * {@code checkpoint_interval}, whichever comes first (only when records were added since the last one).
 */
public record AuditSettings(int checkpointEvery, Duration checkpointInterval) {
    public static final AuditSettings DEFAULT = new AuditSettings(1000, Duration.ofMinutes(1));

    public AuditSettings {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint_every must be at least 1");
        }
        if (checkpointInterval == null || checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("checkpoint_interval must be positive");
        }
    }
}
