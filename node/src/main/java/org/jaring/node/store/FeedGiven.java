package org.jaring.node.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jaring.node.failure.StorageException;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Which feed items each peer was ever given as a hit ({@link ColumnFamily#FEED_GIVEN}). A removal is news only
 * to a peer that had the item: sent to every peer for every hidden change, it told each of them that a record
 * it may not see exists and when it changes, under an item_id that a later hit would link it to.
 *
 * <p>The state of (peer, item): absent, never given; {@link #HOLDS}, given as a hit and not removed since; else
 * the sequence of the change at which the peer was sent its removal. Keeping that sequence, and never deleting
 * the entry, is what lets a peer that lost the batch and pulls again from a cursor before it get the removal
 * again, while a peer past it hears nothing of later changes to the item it may not see.
 */
public final class FeedGiven {
    /** The peer was given the item and has not been sent its removal since. */
    public static final long HOLDS = 0;

    private final RocksStore store;

    FeedGiven(RocksStore store) {
        this.store = store;
    }

    /** The state of each of {@code itemIds} for {@code peer}: absent from the map when never given. */
    public Map<String, Long> states(String peer, List<String> itemIds) {
        if (itemIds.isEmpty()) {
            return Map.of();
        }
        List<byte[]> keys = new ArrayList<>(itemIds.size());
        for (String id : itemIds) {
            keys.add(key(peer, id));
        }
        try {
            List<byte[]> values = store.multiGet(Collections.nCopies(keys.size(),
                    store.handle(ColumnFamily.FEED_GIVEN)), keys);
            Map<String, Long> out = new HashMap<>();
            for (int n = 0; n < values.size(); n++) {
                if (values.get(n) != null) {
                    out.put(itemIds.get(n), ByteBuffer.wrap(values.get(n)).getLong());
                }
            }
            return out;
        } catch (RocksDBException e) {
            throw new StorageException("reading what a peer was given through the feed", e);
        }
    }

    /**
     * Records {@code states} for {@code peer} in one write; the future completes once it is on disk. A batch must
     * not leave before: after a crash the node would have forgotten that the peer holds an item, and never
     * send it the removal.
     */
    public CompletableFuture<Void> record(String peer, Map<String, Long> states) {
        if (states.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        ColumnFamilyHandle cf = store.handle(ColumnFamily.FEED_GIVEN);
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<String, Long> e : states.entrySet()) {
                batch.put(cf, key(peer, e.getKey()), ByteBuffer.allocate(8).putLong(e.getValue()).array());
            }
            return store.writeThenSync(batch);
        } catch (RocksDBException e) {
            throw new StorageException("recording what a peer was given through the feed", e);
        }
    }

    private static byte[] key(String peer, String itemId) {
        byte[] p = peer.getBytes(StandardCharsets.UTF_8);
        byte[] i = itemId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(p.length + 1 + i.length).put(p).put((byte) 0).put(i).array();
    }
}
