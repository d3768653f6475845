package org.jaring.node.share;

import com.google.protobuf.CodedOutputStream;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jaring.core.failure.InvalidInputException;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.node.cases.CaseService;
import org.jaring.node.signing.NodeSigner;
import org.jaring.node.signing.SignedFeedBatches;
import org.jaring.node.store.FeedGiven;
import org.jaring.node.store.FeedLog;
import org.jaring.node.store.IndicatorTable;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.Case;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedItem;
import org.jaring.v1.FeedRequest;
import org.jaring.v1.Handling;
import org.jaring.v1.Hit;
import org.jaring.v1.Indicator;

/**
 * Builds the feed batches a peer receives, deciding at read time, from the current record and the current
 * policy, what each change after its cursor means to this peer: the item as it is now if the policy publishes it
 * to this peer ({@link SharingPolicy#mayPublish}); a removal if it does not, but the peer was given the item before
 * ({@link FeedGiven}); else nothing at all. A confirm-only record is one the policy does not publish: its changes
 * are hidden changes like those of a record the peer may not see at all, and a published record made
 * confirm-only reaches the peers that held it as a removal (they learn it left the feed, not why).
 *
 * <p>Nothing the peer observes depends on what it may not see (docs/security.md 3.10):
 * <ul>
 *   <li>a change it may not see, to an item it was never given, yields no item, no batch and no cursor step;</li>
 *   <li>cursors are per-peer permutations of the sequence ({@link FeedCursors}), and a batch ends at its last
 *       item, so the values that leave name only changes the peer was sent;</li>
 *   <li>batches are never empty: the responder skips what the peer may not see until it holds a batch's worth
 *       of items or reaches the head, so the number and sizes of batches depend only on what the peer sees.
 *       A caller with nothing new gets a stream without a batch; the last batch of a stream is marked by
 *       {@code head_sequence == through_sequence}, the others carry {@code head_sequence = 0};</li>
 *   <li>{@code FeedItem.sequence} is left unset: nothing needs it, and permuting it for every item would cost
 *       as much as the rest of the batch.</li>
 * </ul>
 * What remains is the time a call takes, which grows with the changes scanned and skipped.
 */
public final class FeedResponder {
    /**
     * Items per batch when the caller names no number. Why 5,000: each batch costs its origin a signature and
     * its receiver a signature check and an fsync, about 1.6 ms of CPU in all on the 2-core bench machine, which
     * was 1.6 us of every item at 1,000 (docs/benchmarks-history.md, "Sync: what a batch costs").
     */
    public static final int DEFAULT_BATCH = 5000;

    public static final int MAX_BATCH = 10_000;
    /**
     * Bytes of items per batch when the caller names no limit: room under the default 4 MiB message limit. The
     * item count alone does not bound a batch's size (a URL may be 2,048 characters), and a batch larger than
     * the caller accepts would be refused again on every round.
     */
    public static final int DEFAULT_BATCH_ITEM_BYTES = 3 << 20;
    /**
     * Changes read and judged in one step at least (a step reads a batch's worth, at most {@link #MAX_BATCH}):
     * the unit of work between two checks that the call is still wanted, so that a peer that may see nothing
     * never makes the node scan its log in one go.
     */
    static final int MIN_SCAN_STEP = 1024;

    private final String nodeId;
    private final CaseService cases;
    private final IndicatorTable indicators;
    private final ContactPoint contact;
    private final Clock clock;
    private final FeedCursors cursors;
    /** Signs every batch with the node key, bound to the Feed request it answers (docs/audit.md). */
    private final NodeSigner signer;
    /**
     * Per peer, the last stretch of the log found to hold nothing for it: a peer whose cursor lies in it resumes
     * after it, so the hidden changes after its last item are not judged again on every call. Kept in memory
     * only: after a restart the first call of each peer scans its stretch once more.
     */
    private final Map<String, Skip> skips = new ConcurrentHashMap<>();

    private record Skip(Asker asker, long from, long through) {}

    /** {@code signer} is required: the node sends no batch unsigned. */
    public FeedResponder(
            String nodeId,
            CaseService cases,
            IndicatorTable indicators,
            ContactPoint contact,
            Clock clock,
            NodeSigner signer) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.cases = Objects.requireNonNull(cases, "cases");
        this.indicators = Objects.requireNonNull(indicators, "indicators");
        this.contact = Objects.requireNonNull(contact, "contact");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.cursors = new FeedCursors(indicators.feed().cursorKey());
    }

    /**
     * What a Feed request asks of each batch, with this node's defaults and cap applied: at most {@code items}
     * items, and no more than fit in {@code itemBytes} serialized bytes, but always at least one item. Both
     * request fields are uint32: read unsigned, so 2^31 and more mean "many", never a negative count.
     */
    public record BatchLimits(int items, int itemBytes) {
        public static BatchLimits of(FeedRequest request) {
            // Both fields are uint32: read as unsigned, so 2^32-1 is "very many", capped, and never negative.
            long askedItems = Integer.toUnsignedLong(request.getMaxItemsPerBatch());
            int items = askedItems == 0 ? DEFAULT_BATCH : (int) Math.min(askedItems, MAX_BATCH);
            // No cap on the bytes asked: the item count already bounds a batch's memory.
            long askedBytes = Integer.toUnsignedLong(request.getMaxItemBytesPerBatch());
            int itemBytes = askedBytes == 0 ? DEFAULT_BATCH_ITEM_BYTES : (int) Math.min(askedBytes, Integer.MAX_VALUE);
            return new BatchLimits(items, itemBytes);
        }
    }

    /** A batch as it goes on the wire: serialized once, signed. */
    public record WireBatch(byte[] bytes) {}

    /**
     * Opens the feed for {@code asker} after the cursor it sent, as it sent it. INVALID_ARGUMENT when the cursor
     * is not one this node could have given it: the same text whatever the node holds.
     */
    public Stream open(Asker asker, byte[] requestHash, long cursor, BatchLimits limits) {
        long after = cursors.decode(asker.nodeId(), cursor);
        if (Long.compareUnsigned(after, indicators.feed().head()) > 0) {
            throw new InvalidInputException("after_sequence", "is not a cursor this node gave you");
        }
        return new Stream(asker, requestHash, cursor, after, limits);
    }

    /** An item found for the peer and not yet sent, with the given-state that sending it records (or null). */
    private record Found(FeedItem item, int size, long sequence, String itemId, FeedGiven.Given given) {}

    /**
     * One Feed call's progress. {@link #step} does a bounded amount of work and returns the next batch when one
     * is ready; the caller repeats it until {@link #done}. Not thread-safe: gRPC runs one call's handler at a time.
     */
    public final class Stream {
        private final Asker asker;
        private final byte[] requestHash;
        private final BatchLimits limits;
        private final int scanStep;
        /** The sequence behind the request's cursor: a removal sent after it may not have reached the peer. */
        private final long start;
        /** The cursor the next batch continues from, as the peer knows it, and the sequence behind it. */
        private long wireAfter;

        private long after;
        /** Every change up to here was judged; those the peer gets wait in {@code found}. */
        private long scanned;

        private boolean atHead;
        private boolean done;
        private final ArrayDeque<Found> found = new ArrayDeque<>();
        /** Given-states decided in this call, sent or about to be: they take precedence over the stored ones. */
        private final Map<String, FeedGiven.Given> given = new HashMap<>();

        private Stream(Asker asker, byte[] requestHash, long wireAfter, long after, BatchLimits limits) {
            this.asker = asker;
            this.requestHash = requestHash;
            this.limits = limits;
            this.scanStep = Math.max(limits.items(), MIN_SCAN_STEP);
            this.wireAfter = wireAfter;
            this.after = after;
            this.start = after;
            Skip skip = skips.get(asker.nodeId());
            boolean inSkip =
                    skip != null && skip.asker().equals(asker) && skip.from() <= after && after <= skip.through();
            this.scanned = inSkip ? skip.through() : after;
        }

        /** True once the peer is up to date and the stream may end. */
        public boolean done() {
            return done;
        }

        /** Judges at most one step of changes; the next batch if one is ready, else null (see {@link #done}). */
        public WireBatch step() {
            WireBatch ready = emit();
            if (ready != null || done) {
                return ready;
            }
            scan();
            return emit();
        }

        /**
         * The next batch, when it is known: either more items follow it (it is full) or the scan reached the
         * head (it is the last). Also ends the stream when the head is reached with nothing to send.
         */
        private WireBatch emit() {
            if (found.isEmpty()) {
                if (atHead) {
                    done = true;
                }
                return null;
            }
            int take = 0;
            long bytes = 0;
            for (Found f : found) {
                if (take == limits.items() || (take > 0 && bytes + f.size() > limits.itemBytes())) {
                    break;
                }
                bytes += f.size();
                take++;
            }
            boolean last = take == found.size();
            if (last && !atHead) {
                return null; // whether more follows is not known yet
            }
            FeedBatch.Builder batch = FeedBatch.newBuilder();
            Map<String, FeedGiven.Given> record = new HashMap<>();
            long through = after;
            for (int n = 0; n < take; n++) {
                Found f = found.poll();
                batch.addItems(f.item());
                if (f.given() != null) {
                    record.put(f.itemId(), f.given());
                }
                through = f.sequence();
            }
            // What the peer is given is on disk before it leaves: forgotten in a crash, a later removal would be lost.
            // The batch is signed while the group commit syncs it.
            CompletableFuture<Void> recorded = indicators.feed().given().record(asker.nodeId(), record);
            long wireThrough = cursors.encode(asker.nodeId(), through);
            batch.setThroughSequence(wireThrough)
                    .setHeadSequence(last ? wireThrough : 0)
                    .setContact(contact);
            byte[] bytesOut = SignedFeedBatches.sign(signer, requestHash, wireAfter, batch);
            RocksStore.awaitDurable(recorded);
            wireAfter = wireThrough;
            after = through;
            if (found.isEmpty()) {
                rememberSkip();
            }
            return new WireBatch(bytesOut);
        }

        private void rememberSkip() {
            if (scanned > after) {
                skips.put(asker.nodeId(), new Skip(asker, after, scanned));
            }
        }

        /**
         * Whether the peer gets a removal at this change of an item it may not see now, given what it was sent.
         * Never given: nothing to tell. Holding it: at the first change after the hit, which is the change that
         * withheld it or one the peer saw; a later one would show that the item still exists and changes, an
         * earlier one (pulled again from an old cursor) that it existed before the peer could see it. Removed
         * after the peer's cursor: the peer may have lost that batch, and gets the removal again at the same
         * change. Removed before its cursor: it knows.
         */
        private boolean removalAt(FeedGiven.Given state, long sequence) {
            if (state == null) {
                return false;
            }
            return state.holds()
                    ? sequence > state.hitAt()
                    : state.removedAt() > start && sequence == state.removedAt();
        }

        /** Reads and judges the next step of changes after {@code scanned}. */
        private void scan() {
            FeedLog feed = indicators.feed();
            List<FeedLog.Change> changes = feed.read(scanned, scanStep);
            if (changes.size() < scanStep) {
                atHead = true;
            }
            if (changes.isEmpty()) {
                return;
            }
            // One multiGet for the step: the current records of every value that changed (a value changed twice
            // is read once). Values are matched by CanonicalValue, not by a concatenated string key.
            Map<CanonicalValue, Integer> distinct = new HashMap<>(changes.size() * 2);
            List<CanonicalValue> values = new ArrayList<>(changes.size());
            int[] valueOf = new int[changes.size()];
            for (int n = 0; n < changes.size(); n++) {
                FeedLog.Change c = changes.get(n);
                CanonicalValue value = new CanonicalValue(c.type(), c.value());
                Integer at = distinct.putIfAbsent(value, values.size());
                if (at == null) {
                    at = values.size();
                    values.add(value);
                }
                valueOf[n] = at;
            }
            List<List<Indicator>> records = indicators.lookup(values, clock.instant());
            Map<String, Optional<Case>> casesOfStep = new HashMap<>(); // a step spans few cases
            Hit[] hits = new Hit[changes.size()];
            String[] ids = new String[changes.size()];
            List<String> hiddenIds = new ArrayList<>();
            List<FeedLog.Change> visible = new ArrayList<>(changes.size());
            List<Integer> visibleAt = new ArrayList<>(changes.size());
            for (int n = 0; n < changes.size(); n++) {
                FeedLog.Change c = changes.get(n);
                Indicator current = null;
                for (Indicator i : records.get(valueOf[n])) {
                    if (i.getCaseId().equals(c.caseId())) {
                        current = i;
                    }
                }
                Case owningCase = current == null
                        ? null
                        : casesOfStep
                                .computeIfAbsent(c.caseId(), id -> cases.findCase(id))
                                .orElse(null);
                Handling handling = current == null ? null : SharingPolicy.effectiveHandling(current, owningCase);
                if (owningCase != null && SharingPolicy.mayPublish(handling, asker)) {
                    hits[n] = Hits.of(nodeId, current, owningCase, handling, null); // the batch carries the contact
                    visible.add(c);
                    visibleAt.add(n);
                } else {
                    ids[n] = feed.itemId(c.caseId(), c.type(), c.value());
                    if (!given.containsKey(ids[n])) {
                        hiddenIds.add(ids[n]);
                    }
                }
            }
            // A hit goes out once, at the item's latest change, as it is now: sent at every change, it would count
            // the changes the item had while it was withheld from this peer.
            long[] latest = feed.latest(visible);
            for (int v = 0; v < latest.length; v++) {
                int n = visibleAt.get(v);
                if (latest[v] > changes.get(n).sequence()) {
                    hits[n] = null;
                } else {
                    ids[n] = feed.itemId(
                            changes.get(n).caseId(),
                            changes.get(n).type(),
                            changes.get(n).value());
                }
            }
            Map<String, FeedGiven.Given> stored = feed.given().states(asker.nodeId(), hiddenIds);
            for (int n = 0; n < changes.size(); n++) {
                if (ids[n] == null) {
                    continue;
                }
                long sequence = changes.get(n).sequence();
                FeedItem.Builder item = FeedItem.newBuilder().setItemId(ids[n]);
                FeedGiven.Given next;
                if (hits[n] != null) {
                    item.setHit(hits[n]);
                    next = new FeedGiven.Given(sequence, 0);
                } else {
                    FeedGiven.Given state = given.containsKey(ids[n]) ? given.get(ids[n]) : stored.get(ids[n]);
                    if (!removalAt(state, sequence)) {
                        continue;
                    }
                    item.setRemoved(true);
                    // A removal sent again records nothing new.
                    next = state.holds() ? new FeedGiven.Given(state.hitAt(), sequence) : null;
                }
                if (next != null) {
                    given.put(ids[n], next);
                }
                FeedItem built = item.build();
                // The size is computed once here and kept by the message, so encoding the batch does not redo it.
                int size = CodedOutputStream.computeMessageSize(FeedBatch.ITEMS_FIELD_NUMBER, built);
                found.add(new Found(built, size, sequence, ids[n], next));
            }
            scanned = changes.get(changes.size() - 1).sequence();
            if (found.isEmpty()) {
                rememberSkip();
            }
        }
    }
}
