package org.jaring.node.share;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jaring.node.cases.CaseService;
import org.jaring.node.indicator.CanonicalValue;
import org.jaring.node.store.FeedLog;
import org.jaring.node.store.IndicatorTable;
import org.jaring.v1.Case;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedItem;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;

/**
 * Builds the feed batches a peer receives: for each change after its cursor, the item as it is now if the
 * sharing policy lets this peer see it, else a removal by opaque item_id. Deciding at read time, from the
 * current record and the current policy, is what makes withdrawals and narrowed audiences always arrive.
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

    private final String nodeId;
    private final CaseService cases;
    private final IndicatorTable indicators;
    private final ContactPoint contact;
    private final Clock clock;

    public FeedResponder(String nodeId, CaseService cases, IndicatorTable indicators, ContactPoint contact, Clock clock) {
        this.nodeId = nodeId;
        this.cases = cases;
        this.indicators = indicators;
        this.contact = contact;
        this.clock = clock;
    }

    private org.jaring.node.audit.NodeSigner signer;

    /** Signs every batch with the node key, bound to the Feed request it answers (docs/audit.md). */
    public FeedResponder signWith(org.jaring.node.trust.KeySource keys) {
        this.signer = keys == null ? null : new org.jaring.node.audit.NodeSigner(keys);
        return this;
    }

    /**
     * What a Feed request asks of each batch, with this node's defaults and cap applied: at most {@code items}
     * items, and no more than fit in {@code itemBytes} serialized bytes, but always at least one item.
     */
    public record BatchLimits(int items, int itemBytes) {
        public static BatchLimits of(org.jaring.v1.FeedRequest request) {
            // Both fields are uint32: read as unsigned, so 2^32-1 is "very many", capped, and never negative.
            long askedItems = Integer.toUnsignedLong(request.getMaxItemsPerBatch());
            int items = askedItems == 0 ? DEFAULT_BATCH : (int) Math.min(askedItems, MAX_BATCH);
            // No cap on the bytes asked: the item count already bounds a batch's memory.
            long askedBytes = Integer.toUnsignedLong(request.getMaxItemBytesPerBatch());
            int itemBytes = askedBytes == 0 ? DEFAULT_BATCH_ITEM_BYTES : (int) Math.min(askedBytes, Integer.MAX_VALUE);
            return new BatchLimits(items, itemBytes);
        }
    }

    /** A batch as it goes on the wire (serialized once, signed), and the sequence it takes the stream to. */
    public record WireBatch(byte[] bytes, long throughSequence) {
    }

    /**
     * The next batch after {@code after}, within {@code limits}, signed and bound to the request hashed as given;
     * null when up to date.
     */
    public WireBatch next(Asker asker, byte[] requestHash, long after, BatchLimits limits) {
        FeedBatch.Builder batch = next(asker, after, limits);
        return batch == null ? null : new WireBatch(
                org.jaring.node.audit.SignedFeedBatches.sign(signer, requestHash, after, batch),
                batch.getThroughSequence());
    }

    /** The next batch after {@code after}, unsigned, or null when the peer is up to date. */
    private FeedBatch.Builder next(Asker asker, long after, BatchLimits limits) {
        FeedLog feed = indicators.feed();
        List<FeedLog.Change> changes = feed.read(after, limits.items());
        if (changes.isEmpty()) {
            return null;
        }
        // One multiGet for the batch: the current records of every value that changed (a value changed twice in
        // the batch is read once). Values are matched by CanonicalValue, not by a concatenated string key.
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
        FeedBatch.Builder batch = FeedBatch.newBuilder();
        Map<String, java.util.Optional<Case>> casesOfBatch = new HashMap<>(); // a batch spans few cases
        long itemBytes = 0;
        long through = after;
        for (int n = 0; n < changes.size(); n++) {
            FeedLog.Change c = changes.get(n);
            FeedItem.Builder item = FeedItem.newBuilder().setSequence(c.sequence())
                    .setItemId(feed.itemId(c.caseId(), c.type(), c.value()));
            Indicator current = null;
            for (Indicator i : records.get(valueOf[n])) {
                if (i.getCaseId().equals(c.caseId())) {
                    current = i;
                }
            }
            Case owningCase = current == null ? null
                    : casesOfBatch.computeIfAbsent(c.caseId(), id -> cases.findCase(id)).orElse(null);
            Handling handling = current == null ? null : SharingPolicy.effectiveHandling(current, owningCase);
            if (owningCase != null && SharingPolicy.mayDisclose(handling, asker)) {
                item.setHit(Hits.of(nodeId, current, owningCase, handling, null)); // the batch carries the contact
            } else {
                item.setRemoved(true);
            }
            FeedItem built = item.build();
            // The size is computed once here and kept by the message, so encoding the batch does not redo it.
            int size = com.google.protobuf.CodedOutputStream.computeMessageSize(FeedBatch.ITEMS_FIELD_NUMBER, built);
            if (n > 0 && itemBytes + size > limits.itemBytes()) {
                break; // the rest follows in the next batch, from this change on
            }
            itemBytes += size;
            batch.addItems(built);
            through = c.sequence();
        }
        return batch.setThroughSequence(through).setHeadSequence(feed.head()).setContact(contact);
    }
}
