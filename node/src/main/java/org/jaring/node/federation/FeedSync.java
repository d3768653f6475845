package org.jaring.node.federation;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.core.failure.Periodic;
import org.jaring.node.correlate.Correlator;
import org.jaring.node.store.PeerCacheTable;
import org.jaring.node.store.RocksStore;
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
    private record State(boolean caughtUp, Timestamp lastSync, String lastError) {}

    /** Room in a batch message for what is not items: signature, signer certificate, contact point, sequences. */
    static final int BATCH_ENVELOPE_BYTES = 64 << 10;

    private final TrustedPeerChannels channels;
    private final PeerCacheTable cache;
    private final Correlator correlator;
    /** Checks every batch's signature against the peer's pinned CA and records it before it is applied. */
    private final FeedBatchVerifier verifier;

    private final int batchSize;
    private final int batchItemBytes;
    private final Clock clock;
    /**
     * Exports {@code jaring.sync.lag{peer}}: 0 when the last sync caught up with the peer's feed, 1 when it did
     * not (a peer's cursors are opaque, so the number of changes behind is not known), and
     * {@code jaring.sync.age.seconds{peer}}: how long ago the last successful sync ended.
     */
    private final MeterRegistry metrics;
    /** Also run after every round (delivering waiting sightings and requests, purging the cache). */
    private final List<Runnable> afterRound;

    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jaring-feed-sync");
        t.setDaemon(true);
        return t;
    });
    /**
     * Runs the peers of a round side by side: a paused or slow peer (a TLS handshake that only times out after
     * 10 s) holds back only its own sync, not every peer after it in the list.
     */
    private final ExecutorService peerSyncs = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jaring-feed-sync-peer");
        t.setDaemon(true);
        return t;
    });

    /** Applies received batches, in order, while the sync thread receives and checks the next one. */
    private final ExecutorService applier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jaring-feed-apply");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param verifier        checks and records every batch before it is applied: there is no unchecked sync
     * @param maxMessageBytes this node's inbound message limit ({@code limits.max_message_bytes}): peers are asked
     *                        for batches that fit in it, however long their items are
     * @param afterEachRound  tasks run after every round, in order (one failing does not stop the others)
     */
    public FeedSync(
            TrustedPeerChannels channels,
            PeerCacheTable cache,
            Correlator correlator,
            FeedBatchVerifier verifier,
            int batchSize,
            int maxMessageBytes,
            Duration interval,
            Clock clock,
            MeterRegistry metrics,
            List<Runnable> afterEachRound) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.correlator = Objects.requireNonNull(correlator, "correlator");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.batchSize = batchSize;
        this.batchItemBytes = batchItemBytes(maxMessageBytes);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.afterRound = List.copyOf(afterEachRound);
        Periodic.schedule(scheduler, "feed sync round", interval, interval, this::syncAll);
    }

    /** The item bytes to ask per batch: the message limit less the envelope, or half the limit if it is tiny. */
    static int batchItemBytes(int maxMessageBytes) {
        return Math.max(maxMessageBytes / 2, maxMessageBytes - BATCH_ENVELOPE_BYTES);
    }

    private void gauge(String peer) {
        if (!gauged.add(peer)) {
            return;
        }
        Gauge.builder("jaring.sync.lag", () -> {
                    State s = states.get(peer);
                    return s == null || s.caughtUp() ? 0 : 1;
                })
                .tag("peer", peer)
                .description("1 when the last sync did not catch up with the peer's feed, else 0")
                .register(metrics);
        Gauge.builder("jaring.sync.age.seconds", () -> {
                    State s = states.get(peer);
                    return s == null || s.lastSync() == null
                            ? Double.NaN
                            : (clock.millis() - Timestamps.toMillis(s.lastSync())) / 1000.0;
                })
                .tag("peer", peer)
                .description("seconds since the last successful sync")
                .register(metrics);
    }

    /** Syncs every peer, in parallel; returns their results in the order of {@code channels.peerIds()}. */
    public List<SyncResult> syncAll() {
        return syncAll(null);
    }

    /**
     * As {@link #syncAll()}, but returns after {@code atMost} (null: when every peer's sync has ended): a peer whose
     * sync is still running then (paused, behind a stalled link, or pulling a long feed) is reported as such, and its
     * sync goes on in the background. An admin's {@code sync now} so answers by its deadline whatever a peer does.
     */
    public List<SyncResult> syncAll(Duration atMost) {
        List<String> peers = channels.peerIds();
        List<CompletableFuture<SyncResult>> running = new ArrayList<>();
        for (String peer : peers) {
            running.add(CompletableFuture.supplyAsync(() -> sync(peer), peerSyncs));
        }
        CompletableFuture<Object> all = CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                .handle((done, failure) -> null);
        if (atMost != null) {
            all = all.completeOnTimeout(null, Math.max(0, atMost.toMillis()), TimeUnit.MILLISECONDS);
        }
        all.join(); // every peer's sync has ended, whatever one of them threw, or the time is up
        List<SyncResult> results = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            CompletableFuture<SyncResult> r = running.get(i);
            if (!r.isDone()) {
                results.add(SyncResult.newBuilder()
                        .setNodeId(peers.get(i))
                        .setCursor(cache.cursor(peers.get(i)))
                        .setError("still running after " + atMost.toSeconds() + " s (the peer has not finished"
                                + " answering); it goes on in the background: 'jaring peers status' shows the outcome")
                        .build());
                continue;
            }
            results.add(RocksStore.awaitDurable(r)); // a peer's failure is thrown as itself
        }
        for (Runnable task : afterRound) {
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
                return SyncResult.newBuilder()
                        .setNodeId(peer)
                        .setCursor(round.cursor)
                        .setError("not a trusted peer")
                        .build();
            }
            try {
                // Evidence: each batch is signature-checked and recorded before it reaches the loop
                // (FeedBatchVerifier).
                round.run(verifier.feed(
                        peer,
                        stub.withDeadlineAfter(10, TimeUnit.MINUTES),
                        FeedRequest.newBuilder()
                                .setAfterSequence(round.cursor)
                                .setMaxItemsPerBatch(batchSize)
                                .setMaxItemBytesPerBatch(batchItemBytes)
                                .build()));
                RocksStore.awaitDurable(round.durable);
                states.put(peer, new State(round.caughtUp, Timestamps.fromMillis(clock.millis()), ""));
                gauge(peer);
                return SyncResult.newBuilder()
                        .setNodeId(peer)
                        .setApplied(round.applied)
                        .setCursor(round.cursor)
                        .build();
            } catch (StatusRuntimeException e) {
                if (round.applied == 0 && round.cursor != 0 && refusesCursor(e)) {
                    return startOver(peer);
                }
                String error = e.getStatus().getCode()
                        + (e.getStatus().getDescription() == null
                                ? ""
                                : ": " + e.getStatus().getDescription());
                State old = states.get(peer);
                states.put(peer, new State(false, old == null ? null : old.lastSync(), error));
                return SyncResult.newBuilder()
                        .setNodeId(peer)
                        .setApplied(round.applied)
                        .setCursor(round.cursor)
                        .setError(error)
                        .build();
            }
        }
    }

    /** The origin does not know the cursor: it was restored from a backup, or gave it before cursors were per peer. */
    private static boolean refusesCursor(StatusRuntimeException e) {
        return e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT
                && String.valueOf(e.getStatus().getDescription()).startsWith("after_sequence:");
    }

    /**
     * Forgets everything {@code peer} shared and pulls its feed from the beginning. Keeping the items would be
     * wrong: the origin sends removals only for items it knows it gave, and it no longer knows this node's place.
     * Only that origin's own items are at stake, so a hostile origin gains nothing by refusing a cursor.
     */
    private SyncResult startOver(String peer) {
        LOG.warning(peer + " does not know this node's feed cursor; its items are dropped and its feed pulled again");
        Set<String> others = new HashSet<>(channels.peerIds());
        others.remove(peer);
        cache.purge(clock.instant(), others);
        if (cache.cursor(peer) != 0) { // never loops: the next round tries again
            return SyncResult.newBuilder()
                    .setNodeId(peer)
                    .setCursor(cache.cursor(peer))
                    .setError("the peer refused this node's cursor and it could not be reset")
                    .build();
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
        CompletableFuture<Void> durable = CompletableFuture.completedFuture(null);
        private FeedBatchVerifier.CheckedFeed batches;

        private record Applying(CompletableFuture<PeerCacheTable.Pending> apply, FeedBatch batch) {}

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
            CompletableFuture<?> after = before == null ? CompletableFuture.completedFuture(null) : before.apply();
            try {
                return new Applying(
                        after.thenApplyAsync(
                                x -> cache.applyAsync(
                                        peer,
                                        batch.hasContact() ? batch.getContact() : null,
                                        batch.getItemsList(),
                                        batch.getThroughSequence()),
                                applier),
                        batch);
            } catch (RejectedExecutionException e) {
                batches.applied();
                throw stopping();
            }
        }

        /** Waits for the batch's apply (never interrupted: the batch must be released only once it ended). */
        private void settle(Applying a) {
            try {
                PeerCacheTable.Pending pending;
                try {
                    pending = RocksStore.awaitDurable(a.apply());
                } catch (RejectedExecutionException e) {
                    throw stopping();
                }
                durable = durable.thenCombine(pending.durable(), (x, y) -> null);
                cursor = a.batch().getThroughSequence();
                caughtUp = a.batch().getHeadSequence() == a.batch().getThroughSequence();
                applied += a.batch().getItemsCount();
                durable = durable.thenCombine(
                        correlator.peerItems(pending.applied().upserted()), (x, y) -> null);
            } finally {
                batches.applied();
            }
        }
    }

    private static StatusRuntimeException stopping() {
        return Status.UNAVAILABLE
                .withDescription("this node is stopping; sync resumes from the cursor at start")
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
        peerSyncs.shutdownNow();
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
