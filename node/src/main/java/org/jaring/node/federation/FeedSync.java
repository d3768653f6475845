package org.jaring.node.federation;

import org.jaring.core.failure.Periodic;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.node.correlate.Correlator;
import org.jaring.node.store.PeerCacheTable;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedRequest;
import org.jaring.v1.PeerHealth;
import org.jaring.v1.SyncResult;

/**
 * Pulls each peer's feed after this node's cursor, periodically and on demand. Each batch and the new cursor
 * are written together (PeerCacheTable.apply), so after a crash on either side sync resumes exactly where
 * the last applied batch ended: nothing lost, nothing applied twice.
 */
public final class FeedSync implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FeedSync.class.getName());

    /**
     * {@code caughtUp}: the last sync ended with the peer's word that nothing more was there for this node (a
     * stream without a batch, or one whose last batch has head_sequence == through_sequence). Cursors are
     * opaque, so "how far behind" is not known, only whether.
     */
    private record State(boolean caughtUp, Timestamp lastSync, String lastError) {
    }

    private final TrustedPeerChannels channels;
    private final PeerCacheTable cache;
    private final Correlator correlator;
    private final int batchSize;
    private final int batchItemBytes;
    private final Clock clock;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jaring-feed-sync");
        t.setDaemon(true);
        return t;
    });
    private final List<Runnable> afterRound = new ArrayList<>();
    /** Applies received batches, in order, while the sync thread receives and checks the next one. */
    private final java.util.concurrent.ExecutorService applier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jaring-feed-apply");
        t.setDaemon(true);
        return t;
    });
    private volatile io.micrometer.core.instrument.MeterRegistry metrics;
    private final java.util.Set<String> gauged = ConcurrentHashMap.newKeySet();

    /** Room in a batch message for what is not items: signature, signer certificate, contact point, sequences. */
    static final int BATCH_ENVELOPE_BYTES = 64 << 10;

    /**
     * @param maxMessageBytes this node's inbound message limit ({@code limits.max_message_bytes}): peers are asked
     *                        for batches that fit in it, however long their items are
     */
    public FeedSync(TrustedPeerChannels channels, PeerCacheTable cache, Correlator correlator, int batchSize,
                    int maxMessageBytes, Duration interval, Clock clock) {
        this.channels = channels;
        this.cache = cache;
        this.correlator = correlator;
        this.batchSize = batchSize;
        this.batchItemBytes = batchItemBytes(maxMessageBytes);
        this.clock = clock;
        Periodic.schedule(scheduler, "feed sync round", interval, interval, this::syncAll);
    }

    /** The item bytes to ask per batch: the message limit less the envelope, or half the limit if it is tiny. */
    static int batchItemBytes(int maxMessageBytes) {
        return Math.max(maxMessageBytes / 2, maxMessageBytes - BATCH_ENVELOPE_BYTES);
    }

    /**
     * Exports {@code jaring.sync.lag{peer}}: 0 when the last sync caught up with the peer's feed, 1 when it did
     * not (a peer's cursors are opaque, so the number of changes behind is not known), and
     * {@code jaring.sync.age.seconds{peer}}: how long ago the last successful sync ended.
     */
    public FeedSync metrics(io.micrometer.core.instrument.MeterRegistry registry) {
        this.metrics = registry;
        return this;
    }

    private void gauge(String peer) {
        io.micrometer.core.instrument.MeterRegistry registry = metrics;
        if (registry == null || !gauged.add(peer)) {
            return;
        }
        io.micrometer.core.instrument.Gauge.builder("jaring.sync.lag", () -> {
            State s = states.get(peer);
            return s == null || s.caughtUp() ? 0 : 1;
        }).tag("peer", peer).description("1 when the last sync did not catch up with the peer's feed, else 0")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("jaring.sync.age.seconds", () -> {
            State s = states.get(peer);
            return s == null || s.lastSync() == null ? Double.NaN
                    : (clock.millis() - Timestamps.toMillis(s.lastSync())) / 1000.0;
        }).tag("peer", peer).description("seconds since the last successful sync").register(registry);
    }

    // --- evidence (issue 7): signed batches are checked and recorded before they are applied ---
    private volatile FeedBatchVerifier batchVerifier = FeedBatchVerifier.NONE;

    /** Checks every batch's signature against the peer's pinned CA and records it before applying it. */
    public FeedSync verifyBatches(FeedBatchVerifier verifier) {
        this.batchVerifier = verifier;
        return this;
    }
    // --- end evidence ---

    /** Also runs after every round (delivering waiting sightings, purging the cache). */
    public synchronized void afterEachRound(Runnable task) {
        afterRound.add(task);
    }

    public List<SyncResult> syncAll() {
        List<SyncResult> results = new ArrayList<>();
        for (String peer : channels.peerIds()) {
            results.add(sync(peer));
        }
        for (Runnable task : List.copyOf(afterRound)) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "after-sync task failed", e);
            }
        }
        return results;
    }

    /** Pulls one peer's feed until it is up to date; one sync per peer at a time. */
    public SyncResult sync(String peer) {
        synchronized (locks.computeIfAbsent(peer, p -> new Object())) {
            Round round = new Round(peer, cache.cursor(peer));
            var stub = channels.blockingStub(peer);
            if (stub == null) {
                return SyncResult.newBuilder().setNodeId(peer).setCursor(round.cursor).setError("not a trusted peer").build();
            }
            try {
                // Evidence: each batch is signature-checked and recorded before it reaches the loop (FeedBatchVerifier).
                round.run(batchVerifier.feed(peer, stub.withDeadlineAfter(10, TimeUnit.MINUTES),
                        FeedRequest.newBuilder().setAfterSequence(round.cursor).setMaxItemsPerBatch(batchSize)
                                .setMaxItemBytesPerBatch(batchItemBytes).build()));
                org.jaring.node.store.RocksStore.awaitDurable(round.durable);
                states.put(peer, new State(round.caughtUp, Timestamps.fromMillis(clock.millis()), ""));
                gauge(peer);
                return SyncResult.newBuilder().setNodeId(peer).setApplied(round.applied).setCursor(round.cursor).build();
            } catch (StatusRuntimeException e) {
                if (round.applied == 0 && round.cursor != 0 && refusesCursor(e)) {
                    return startOver(peer);
                }
                String error = e.getStatus().getCode() + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription());
                State old = states.get(peer);
                states.put(peer, new State(false, old == null ? null : old.lastSync(), error));
                return SyncResult.newBuilder().setNodeId(peer).setApplied(round.applied).setCursor(round.cursor).setError(error).build();
            }
        }
    }

    /** The origin does not know the cursor: it was restored from a backup, or gave it before cursors were per peer. */
    private static boolean refusesCursor(StatusRuntimeException e) {
        return e.getStatus().getCode() == io.grpc.Status.Code.INVALID_ARGUMENT
                && String.valueOf(e.getStatus().getDescription()).startsWith("after_sequence:");
    }

    /**
     * Forgets everything {@code peer} shared and pulls its feed from the beginning. Keeping the items would be
     * wrong: the origin sends removals only for items it knows it gave, and it no longer knows this node's place.
     * Only that origin's own items are at stake, so a hostile origin gains nothing by refusing a cursor.
     */
    private SyncResult startOver(String peer) {
        LOG.warning(peer + " does not know this node's feed cursor; its items are dropped and its feed pulled again");
        java.util.Set<String> others = new java.util.HashSet<>(channels.peerIds());
        others.remove(peer);
        cache.purge(clock.instant(), others);
        if (cache.cursor(peer) != 0) { // never loops: the next round tries again
            return SyncResult.newBuilder().setNodeId(peer).setCursor(cache.cursor(peer))
                    .setError("the peer refused this node's cursor and it could not be reset").build();
        }
        return sync(peer); // from cursor 0, which an origin always accepts
    }

    /**
     * One sync of one peer. Batch k is applied on the apply thread while batch k+1 is received, checked and
     * recorded on this one; then k's matches are correlated here. At most one batch is being applied and one
     * waits for it, and batches are applied in order, each with its cursor in one write (PeerCacheTable.apply),
     * so a crash leaves a prefix of the batches and the cursor that names it.
     */
    private final class Round {
        private final String peer;
        long cursor;
        /** No batch yet, or the last one applied said it was the last (head_sequence == through_sequence). */
        boolean caughtUp = true;
        long applied;
        java.util.concurrent.CompletableFuture<Void> durable = java.util.concurrent.CompletableFuture.completedFuture(null);
        private FeedBatchVerifier.CheckedFeed batches;

        private record Applying(java.util.concurrent.CompletableFuture<PeerCacheTable.Pending> apply, FeedBatch batch) {
        }

        Round(String peer, long cursor) {
            this.peer = peer;
            this.cursor = cursor;
        }

        void run(FeedBatchVerifier.CheckedFeed feed) {
            batches = feed;
            Applying previous = null;
            try {
                // Cursors are opaque and cannot be ordered: a resent or reordered batch is refused by the chaining
                // check (FeedBatchVerifier: each batch continues from the one before), not recognised here.
                while (batches.hasNext()) {
                    FeedBatch batch = batches.next();
                    Applying settling = previous;
                    previous = start(batch, previous);
                    if (settling != null) {
                        settle(settling);
                    }
                }
            } finally {
                // Also when the stream failed or a batch was refused: what was checked before is applied and counted.
                if (previous != null) {
                    settle(previous);
                }
            }
        }

        /**
         * Applies {@code batch} on the apply thread once the batch before it is applied, and never if that one
         * failed: its cursor would then pass over items that were never written.
         */
        private Applying start(FeedBatch batch, Applying before) {
            java.util.concurrent.CompletableFuture<?> after = before == null
                    ? java.util.concurrent.CompletableFuture.completedFuture(null) : before.apply();
            try {
                return new Applying(after.thenApplyAsync(x -> cache.applyAsync(peer,
                        batch.hasContact() ? batch.getContact() : null, batch.getItemsList(), batch.getThroughSequence()),
                        applier), batch);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                batches.applied();
                throw stopping();
            }
        }

        /** Waits for the batch's apply (never interrupted: the batch must be released only once it ended). */
        private void settle(Applying a) {
            try {
                PeerCacheTable.Pending pending;
                try {
                    pending = org.jaring.node.store.RocksStore.awaitDurable(a.apply());
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    throw stopping();
                }
                durable = durable.thenCombine(pending.durable(), (x, y) -> null);
                cursor = a.batch().getThroughSequence();
                caughtUp = a.batch().getHeadSequence() == a.batch().getThroughSequence();
                applied += a.batch().getItemsCount();
                durable = durable.thenCombine(correlator.peerItems(pending.applied().upserted()), (x, y) -> null);
            } finally {
                batches.applied();
            }
        }
    }

    private static StatusRuntimeException stopping() {
        return io.grpc.Status.UNAVAILABLE.withDescription("this node is stopping; sync resumes from the cursor at start")
                .asRuntimeException();
    }

    /** Adds this node's sync state to a peer's health record. */
    public PeerHealth withSyncState(PeerHealth health) {
        State s = states.get(health.getNodeId());
        PeerHealth.Builder b = health.toBuilder().setSyncCursor(cache.cursor(health.getNodeId()));
        if (s != null) {
            // The head as far as this node can know it: its own cursor when caught up, else 0 ("behind").
            b.setSyncHead(s.caughtUp() ? b.getSyncCursor() : 0).setLastSyncError(s.lastError());
            if (s.lastSync() != null) {
                b.setLastSync(s.lastSync());
            }
        }
        return b.build();
    }

    /** Stops the rounds and lets a batch being applied finish (at most 30 s) before the store can close. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        applier.shutdown();
        try {
            if (!applier.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warning("a feed batch was still being applied after 30 s; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
