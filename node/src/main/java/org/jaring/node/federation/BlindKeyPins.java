package org.jaring.node.federation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jaring.core.failure.StorageException;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.RocksStore;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The VOPRF key each peer answered with, per key epoch, as first seen in a signed evaluation. A peer that answers
 * with another key within an epoch is refused: with a key per question it could tell askers apart or link one
 * asker's tags to a chosen key, which the proof alone does not rule out. Kept in the store
 * ({@link ColumnFamily#META}, {@code "blind_pin" 0x00 peer 0x00 epoch (8 bytes)} -> the key), synced before the key
 * is used, so a peer cannot swap its key within an epoch by waiting for this node to restart.
 */
public final class BlindKeyPins {
    private static final String PREFIX = "blind_pin\0";
    /** Pins of epochs this far before a peer's newest one are dropped as it moves on. */
    private static final long EPOCHS_KEPT = 4;

    private final RocksStore store;

    public BlindKeyPins(RocksStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Null when {@code key} is (now) the pinned key of {@code peer} in {@code epoch}; else why it is refused. */
    public synchronized String check(String peer, long epoch, byte[] key) {
        byte[] name = name(peer, epoch);
        try {
            byte[] pinned = store.get(ColumnFamily.META, name);
            if (pinned != null) {
                return Arrays.equals(pinned, key)
                        ? null
                        : "its blind lookup key for epoch " + epoch + " differs from the one it answered with before"
                                + " in that epoch (a key may change only with the epoch)";
            }
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(store.handle(ColumnFamily.META), name, key);
                if (epoch >= EPOCHS_KEPT) {
                    batch.deleteRange(store.handle(ColumnFamily.META), name(peer, 0), name(peer, epoch - EPOCHS_KEPT));
                }
                store.writeSynced(batch);
            }
            return null;
        } catch (RocksDBException e) {
            throw new StorageException("pinning the blind lookup key of " + peer, e);
        }
    }

    private static byte[] name(String peer, long epoch) {
        byte[] p = (PREFIX + peer + "\0").getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(p.length + 8).put(p).putLong(epoch).array();
    }
}
