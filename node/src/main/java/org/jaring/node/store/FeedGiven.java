package org.jaring.node.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jaring.core.failure.StorageException;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Which feed items each peer was ever given as a hit ({@link ColumnFamily#FEED_GIVEN}). A removal is news only
 * to a peer that had the item: sent to every peer for every hidden change, it told each of them that a record
 * it may not see exists and when it changes, under an item_id that a later hit would link it to.
 *
 * <p>The state of (peer, item) is absent (never given) or a {@link Given}. Keeping the sequences, and never
 * deleting the entry, is what places a removal where a node that never held the withheld record would place it
 * (just after the hit, at the change that withheld the item), and lets a peer that lost the batch and pulls
 * again from a cursor before the removal get it again, at the same change.
 */
public final class FeedGiven {
    /**
     * What the peer was last given of one item.
     *
     * @param hitAt     the change at which the peer was last sent the item as a hit
     * @param removedAt the change at which it was sent its removal after that hit; 0 while it holds the item
     */
    public record Given(long hitAt, long removedAt) {
        public boolean holds() {
            return removedAt == 0;
        }
    }

    private final RocksStore store;

    FeedGiven(RocksStore store) {
        this.store = store;
    }

    /** The state of each of {@code itemIds} for {@code peer}: absent from the map when never given. */
    public Map<String, Given> states(String peer, List<String> itemIds) {
        if (itemIds.isEmpty()) {
            return Map.of();
        }
        List<byte[]> keys = new ArrayList<>(itemIds.size());
        for (String id : itemIds) {
            keys.add(key(peer, id));
        }
        try {
            List<byte[]> values =
                    store.multiGet(Collections.nCopies(keys.size(), store.handle(ColumnFamily.FEED_GIVEN)), keys);
            Map<String, Given> out = new HashMap<>();
            for (int n = 0; n < values.size(); n++) {
                if (values.get(n) != null) {
                    ByteBuffer v = ByteBuffer.wrap(values.get(n));
                    out.put(itemIds.get(n), new Given(v.getLong(), v.getLong()));
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
    public CompletableFuture<Void> record(String peer, Map<String, Given> states) {
        if (states.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        ColumnFamilyHandle cf = store.handle(ColumnFamily.FEED_GIVEN);
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<String, Given> e : states.entrySet()) {
                batch.put(
                        cf,
                        key(peer, e.getKey()),
                        ByteBuffer.allocate(16)
                                .putLong(e.getValue().hitAt())
                                .putLong(e.getValue().removedAt())
                                .array());
            }
            return store.writeThenSync(batch);
        } catch (RocksDBException e) {
            throw new StorageException("recording what a peer was given through the feed", e);
        }
    }

    private static byte[] key(String peer, String itemId) {
        byte[] p = peer.getBytes(StandardCharsets.UTF_8);
        byte[] i = itemId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(p.length + 1 + i.length)
                .put(p)
                .put((byte) 0)
                .put(i)
                .array();
    }
}
