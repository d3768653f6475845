package org.jaring.core.failure;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Background work that runs again after it fails. A task given straight to a {@link ScheduledExecutorService} stops
 * for good the first time it throws, and the failure waits unseen in a future nobody reads: a 24/7 node would stop
 * syncing, checkpointing or checking its health without a word. Here every failure is logged with the task's name
 * and the next run still happens.
 */
public final class Periodic {
    private static final Logger LOG = Logger.getLogger(Periodic.class.getName());

    private Periodic() {}

    /** Runs {@code task} after {@code first}, then {@code every} after each run ends, until the executor stops. */
    public static void schedule(
            ScheduledExecutorService executor, String name, Duration first, Duration every, Runnable task) {
        Objects.requireNonNull(task, "task");
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, name + " failed; it runs again in " + every.toSeconds() + " s", e);
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
            }
        };
        // The future is not kept: the guarded task never ends it with a failure, and stopping is the executor's job.
        var unused =
                executor.scheduleWithFixedDelay(guarded, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
}
