package org.jaring.core.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * At most one WARNING line per interval, counting the ones it held back: what a peer can cause at will (a
 * malformed message, an excess connection) must not be able to fill the log. Lines carry no stack trace.
 */
public final class ThrottledLog {
    private final Logger logger;
    private final long intervalNanos;
    private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong held = new AtomicLong();

    public ThrottledLog(Logger logger, Duration interval) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
    }

    public void warn(Supplier<String> line) {
        long now = System.nanoTime();
        long next = nextAt.get();
        if ((next != Long.MIN_VALUE && now - next < 0) || !nextAt.compareAndSet(next, now + intervalNanos)) {
            held.incrementAndGet();
            return;
        }
        long more = held.getAndSet(0);
        if (logger.isLoggable(Level.WARNING)) {
            logger.warning(line.get() + (more == 0 ? "" : " (" + more + " more like it not logged)"));
        }
    }
}
