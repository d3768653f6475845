package org.jaring.node.store;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jaring.core.failure.StorageException;
import org.jaring.core.failure.UnavailableException;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Group commit for writes that are applied first and made durable afterwards. A writer applies its batch
 * without fsync (so it can release its table lock at once), takes a ticket, and waits on the ticket's future;
 * one thread fsyncs the write-ahead log for every ticket issued before the fsync started. Writers that arrive
 * while an fsync runs share the next one, so concurrent streams, and the next batch of the same stream, never
 * queue behind each other's fsyncs one by one.
 *
 * <p>A ticket is issued only after its write has returned, so "issued before the fsync started" means
 * "in the log before the fsync started": completing a future always means that write is on disk.
 *
 * <p>Futures are completed on a second thread, in ticket order, so what writers chain on them (answering a
 * stream, publishing alerts, logging) never delays the next fsync.
 */
final class WalSyncer {
    private record Waiter(long ticket, CompletableFuture<Void> durable) {}

    private final RocksDB db;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Thread thread;
    private final ExecutorService completions;
    private long issued;
    private boolean stopping;

    WalSyncer(RocksDB db, String name) {
        this.db = db;
        this.completions = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jaring-wal-done-" + name);
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::run, "jaring-wal-sync-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The longest {@link #stop} waits for a sync in progress. */
    static final long STOP_WAIT_MILLIS = 10_000;

    /** Called right after a write returned: the future completes once that write is synced to disk. */
    CompletableFuture<Void> afterWrite() {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        synchronized (this) {
            if (stopping) {
                durable.completeExceptionally(new UnavailableException("the store is closing; the node is stopping"));
                return durable;
            }
            waiters.add(new Waiter(++issued, durable));
            notifyAll();
        }
        return durable;
    }

    /** Syncs what is pending, then stops the thread. Later writers get UNAVAILABLE. */
    void stop() {
        synchronized (this) {
            stopping = true;
            notifyAll();
        }
        try {
            // Bounded: a sync stuck on a stalled disk must not hold the node's stop past its grace period. The
            // writes it covers were not acknowledged; the WAL replay at the next start keeps what reached the disk.
            thread.join(STOP_WAIT_MILLIS);
            completions.shutdown();
            completions.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            long target;
            synchronized (this) {
                while (waiters.isEmpty() && !stopping) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        stopping = true;
                    }
                }
                if (waiters.isEmpty()) {
                    return;
                }
                target = issued;
            }
            RuntimeException failure = null;
            try {
                db.syncWal();
            } catch (RocksDBException | RuntimeException e) {
                failure = new StorageException("syncing the write-ahead log", e);
            }
            complete(target, failure);
        }
    }

    private void complete(long target, RuntimeException failure) {
        ArrayDeque<Waiter> done = new ArrayDeque<>();
        synchronized (this) {
            while (!waiters.isEmpty() && waiters.peek().ticket() <= target) {
                done.add(waiters.poll());
            }
        }
        // Off this thread: completions run the writers' continuations, which may be slow or write again.
        completions.execute(() -> {
            for (Waiter w : done) {
                if (failure == null) {
                    w.durable().complete(null);
                } else {
                    w.durable().completeExceptionally(failure);
                }
            }
        });
    }
}
