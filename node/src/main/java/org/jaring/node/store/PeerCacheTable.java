package org.jaring.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jaring.core.failure.StorageException;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.FeedItem;
import org.jaring.v1.Hit;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Items that peers shared with this node through feed sync, kept exactly as the origin says: replaced when
 * the origin changes them, dropped on removal and at valid_until, and never read when answering a peer.
 * A batch of items and the new cursor for that origin are written together, so a crash can neither lose
 * nor repeat a batch.
 */
public final class PeerCacheTable {
    static final String CURSOR_PREFIX = "feed_cursor/";
    /** META: the contact point an origin last sent with a batch, attached to its hits when they are read. */
    private static final String CONTACT_PREFIX = "peer_contact/";

    private final RocksStore store;
    private final Map<String, Optional<ContactPoint>> contacts = new ConcurrentHashMap<>();

    public PeerCacheTable(RocksStore store) {
        this.store = store;
        new PeerCachePurge(store).indexExpiryOnce();
    }

    /** What applying a batch changed: the items now held (for correlation) and how many were removed. */
    public record Applied(List<Hit> upserted, int removed) {}

    /** Applies one feed batch from {@code origin} and moves its cursor, in one synced write. */
    public Applied apply(String origin, List<FeedItem> items, long throughSequence) {
        return apply(origin, null, items, throughSequence);
    }

    /** As {@link #apply(String, List, long)}, with the contact point the batch carried for its items (or null). */
    public Applied apply(String origin, ContactPoint contact, List<FeedItem> items, long throughSequence) {
        Pending pending = applyAsync(origin, contact, items, throughSequence);
        RocksStore.awaitDurable(pending.durable());
        return pending.applied();
    }

    /** A batch that readers already see, and the moment it is on disk. */
    public record Pending(Applied applied, CompletableFuture<Void> durable) {}

    /**
     * As {@link #apply}, but returns once the batch is applied, so the next batch can be received while this
     * one's fsync runs. The items and the cursor are one atomic write, so whichever prefix of the batches a
     * crash leaves on disk, the cursor says exactly where to resume. One origin's batches must be applied
     * by one caller at a time (the caller's per-origin lock), since each reads what the previous replaced.
     */
    public Pending applyAsync(String origin, List<FeedItem> items, long throughSequence) {
        return applyAsync(origin, null, items, throughSequence);
    }

    /**
     * As {@link #applyAsync(String, List, long)}; {@code contact} (the batch's, or null) is kept once for the
     * origin in the same write, not in every item, and attached to its hits when they are read
     * ({@link #withContact}). The hits in {@link Applied#upserted} are as stored, without it.
     */
    public Pending applyAsync(String origin, ContactPoint contact, List<FeedItem> items, long throughSequence) {
        List<Hit> upserted = new ArrayList<>();
        int removed = 0;
        try (WriteBatch batch = new WriteBatch()) {
            List<byte[]> keys = new ArrayList<>(items.size());
            for (FeedItem item : items) {
                keys.add(itemKey(origin, item.getItemId()));
            }
            List<byte[]> olds = multiGet(ColumnFamily.PEER_CACHE, keys);
            for (int n = 0; n < items.size(); n++) {
                FeedItem item = items.get(n);
                byte[] key = keys.get(n);
                byte[] old = olds.get(n);
                if (old != null) {
                    Hit previous = Hit.parseFrom(old);
                    batch.delete(
                            store.handle(ColumnFamily.PEER_CACHE_INDEX),
                            indexKey(previous.getTypeValue(), previous.getValue(), origin, item.getItemId()));
                    if (previous.hasValidUntil()) {
                        batch.delete(
                                store.handle(ColumnFamily.PEER_CACHE_EXPIRY),
                                expiryKey(previous, origin, item.getItemId()));
                    }
                }
                if (item.getRemoved()) {
                    batch.delete(store.handle(ColumnFamily.PEER_CACHE), key);
                    removed += old == null ? 0 : 1;
                } else {
                    // Tagged with the node it came from, whatever the item says; copied only when it said otherwise
                    // (an honest origin names itself, and copying every hit was a sixth of a sync's CPU).
                    Hit hit = origin.equals(item.getHit().getOriginNode())
                            ? item.getHit()
                            : item.getHit().toBuilder().setOriginNode(origin).build();
                    batch.put(store.handle(ColumnFamily.PEER_CACHE), key, hit.toByteArray());
                    batch.put(
                            store.handle(ColumnFamily.PEER_CACHE_INDEX),
                            indexKey(hit.getTypeValue(), hit.getValue(), origin, item.getItemId()),
                            new byte[0]);
                    if (hit.hasValidUntil()) {
                        batch.put(
                                store.handle(ColumnFamily.PEER_CACHE_EXPIRY),
                                expiryKey(hit, origin, item.getItemId()),
                                new byte[0]);
                    }
                    upserted.add(hit);
                }
            }
            batch.put(store.handle(ColumnFamily.META), cursorKey(origin), FeedLog.key(throughSequence));
            if (contact != null) {
                batch.put(store.handle(ColumnFamily.META), contactKey(origin), contact.toByteArray());
            }
            CompletableFuture<Void> durable = store.writeThenSync(batch);
            if (contact != null) {
                contacts.put(origin, Optional.of(contact));
            }
            return new Pending(new Applied(upserted, removed), durable);
        } catch (RocksDBException e) {
            throw new StorageException("applying a feed batch from " + origin, e);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt peer cache item", e);
        }
    }

    /** The last sequence applied from {@code origin} (0 before the first sync). */
    public long cursor(String origin) {
        try {
            byte[] v = store.get(ColumnFamily.META, cursorKey(origin));
            return v == null ? 0 : ByteBuffer.wrap(v).getLong();
        } catch (RocksDBException e) {
            throw new StorageException("reading the feed cursor of " + origin, e);
        }
    }

    /** Every live synced item with this value, from any origin. */
    public List<Hit> find(CanonicalValue value, Instant now) {
        return findAll(List.of(value), now).get(0);
    }

    /**
     * For each value, in order, the live items held for it. One iterator serves every value, in key order, and
     * one multiGet reads every item found: a batch costs about as much as a few single lookups.
     */
    public List<List<Hit>> findAll(List<CanonicalValue> values, Instant now) {
        List<List<Hit>> out = new ArrayList<>(values.size());
        if (nothingSynced()) {
            // A node without peers, or before its first sync: every ingested batch asks, and sorting its values
            // for the index walk below was a tenth of the node's ingest work for nothing.
            for (int n = 0; n < values.size(); n++) {
                out.add(List.of());
            }
            return out;
        }
        Integer[] order = new Integer[values.size()];
        byte[][] prefixes = new byte[values.size()][];
        for (int n = 0; n < values.size(); n++) {
            out.add(List.of());
            order[n] = n;
            prefixes[n] =
                    valuePrefix(values.get(n).type().getNumber(), values.get(n).value());
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(prefixes[a], prefixes[b]));
        List<byte[]> keys = new ArrayList<>();
        List<Integer> keyOwner = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.PEER_CACHE_INDEX)) {
            for (int n : order) {
                byte[] prefix = prefixes[n];
                for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
                    String[] originAndItem = new String(
                                    it.key(), prefix.length, it.key().length - prefix.length, StandardCharsets.UTF_8)
                            .split("\u0000", 2);
                    keys.add(itemKey(originAndItem[0], originAndItem[1]));
                    keyOwner.add(n);
                }
            }
        }
        if (keys.isEmpty()) {
            return out;
        }
        try {
            List<byte[]> found = multiGet(ColumnFamily.PEER_CACHE, keys);
            for (int k = 0; k < keys.size(); k++) {
                byte[] bytes = found.get(k);
                if (bytes != null) {
                    Hit h = Hit.parseFrom(bytes);
                    if (!h.hasValidUntil() || Timestamps.toMillis(h.getValidUntil()) > now.toEpochMilli()) {
                        int n = keyOwner.get(k);
                        if (out.get(n).isEmpty()) {
                            out.set(n, new ArrayList<>(2));
                        }
                        out.get(n).add(withContact(h));
                    }
                }
            }
        } catch (RocksDBException e) {
            throw new StorageException("reading synced items", e);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt peer cache item", e);
        }
        return out;
    }

    private boolean nothingSynced() {
        try (StoreIterator it = store.newIterator(ColumnFamily.PEER_CACHE_INDEX)) {
            it.seekToFirst();
            return !it.isValid();
        }
    }

    /** {@code hit} with its origin's contact point when it has none of its own (feed items leave it to the batch). */
    public Hit withContact(Hit hit) {
        if (hit.hasContact()) {
            return hit;
        }
        Optional<ContactPoint> contact = contacts.computeIfAbsent(hit.getOriginNode(), this::readContact);
        return contact.isEmpty()
                ? hit
                : hit.toBuilder().setContact(contact.get()).build();
    }

    private Optional<ContactPoint> readContact(String origin) {
        try {
            byte[] v = store.get(ColumnFamily.META, contactKey(origin));
            return v == null ? Optional.empty() : Optional.of(ContactPoint.parseFrom(v));
        } catch (RocksDBException e) {
            throw new StorageException("reading the contact point of " + origin, e);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt contact point of " + origin, e);
        }
    }

    private List<byte[]> multiGet(ColumnFamily cf, List<byte[]> keys) throws RocksDBException {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<ColumnFamilyHandle> cfs = Collections.nCopies(keys.size(), store.handle(cf));
        return store.multiGet(cfs, keys);
    }

    /** How many live items from {@code origin} are held. */
    public long count(String origin, Instant now) {
        byte[] prefix = Keys.caseIndicatorPrefix(origin);
        long n = 0;
        try (StoreIterator it = store.newIterator(ColumnFamily.PEER_CACHE)) {
            for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
                Hit h = Hit.parseFrom(it.value());
                if (!h.hasValidUntil() || Timestamps.toMillis(h.getValidUntil()) > now.toEpochMilli()) {
                    n++;
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt peer cache item", e);
        }
        return n;
    }

    /**
     * Deletes items whose valid_until has passed, and every item, the cursor and the contact point of origins
     * that are no longer trusted ({@link PeerCachePurge}). Returns how many items were deleted.
     */
    public int purge(Instant now, Set<String> trustedOrigins) {
        return new PeerCachePurge(store).purge(now, trustedOrigins, contacts::remove);
    }

    static byte[] expiryKey(Hit hit, String origin, String itemId) {
        byte[] o = Keys.utf8(origin);
        byte[] i = Keys.utf8(itemId);
        return ByteBuffer.allocate(8 + o.length + 1 + i.length)
                .putLong(Timestamps.toMillis(hit.getValidUntil()))
                .put(o)
                .put((byte) 0)
                .put(i)
                .array();
    }

    static byte[] itemKey(String origin, String itemId) {
        byte[] o = Keys.utf8(origin);
        byte[] i = Keys.utf8(itemId);
        return ByteBuffer.allocate(o.length + 1 + i.length)
                .put(o)
                .put((byte) 0)
                .put(i)
                .array();
    }

    private static byte[] valuePrefix(int type, String value) {
        byte[] v = Keys.utf8(value);
        return ByteBuffer.allocate(1 + v.length + 1)
                .put((byte) type)
                .put(v)
                .put((byte) 0)
                .array();
    }

    static byte[] indexKey(int type, String value, String origin, String itemId) {
        byte[] p = valuePrefix(type, value);
        byte[] o = Keys.utf8(origin);
        byte[] i = Keys.utf8(itemId);
        return ByteBuffer.allocate(p.length + o.length + 1 + i.length)
                .put(p)
                .put(o)
                .put((byte) 0)
                .put(i)
                .array();
    }

    static byte[] contactKey(String origin) {
        return Keys.utf8(CONTACT_PREFIX + origin);
    }

    static byte[] cursorKey(String origin) {
        return Keys.utf8(CURSOR_PREFIX + origin);
    }
}
