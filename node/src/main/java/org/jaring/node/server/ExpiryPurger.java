package org.jaring.node.server;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.core.failure.Periodic;
import org.jaring.node.store.IndicatorTable;

/**
 * Deletes expired indicators in the background. Reads already hide them; this only reclaims space, since
 * RocksDB's own TTL acts only at compaction and Java has no compaction filters.
 */
final class ExpiryPurger implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ExpiryPurger.class.getName());
    private static final int PER_ROUND = 10_000;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jaring-expiry-purger");
        t.setDaemon(true);
        return t;
    });

    ExpiryPurger(IndicatorTable indicators, Clock clock, Duration interval) {
        Periodic.schedule(scheduler, "expiry purge", interval, interval, () -> {
            try {
                int purged;
                do {
                    purged = indicators.purgeExpired(clock.instant(), PER_ROUND);
                    if (purged > 0) {
                        LOG.fine(() -> "purged expired indicators");
                    }
                } while (purged == PER_ROUND && !Thread.currentThread().isInterrupted());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "expiry purge failed; it will be tried again", e);
            }
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
