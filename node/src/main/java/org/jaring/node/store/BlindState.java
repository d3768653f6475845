package org.jaring.node.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.jaring.core.failure.StorageException;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * What blind lookups keep on disk ({@link ColumnFamily#META}): the seed every per-peer VOPRF key is derived from
 * (created once, kept in backups with the rest of the store, never sent), and each peer's evaluations counted
 * per UTC day, so a restart does not hand a peer a fresh day's budget.
 */
public final class BlindState {
    private static final byte[] SEED_KEY = "blind_key_seed".getBytes(StandardCharsets.UTF_8);
    private static final String COUNT_PREFIX = "blind_evaluations\0";

    private final RocksStore store;

    public BlindState(RocksStore store) {
        this.store = store;
    }

    /** The 32-byte key seed, created on first use. */
    public synchronized byte[] seed() {
        try {
            byte[] existing = store.get(ColumnFamily.META, SEED_KEY);
            if (existing != null) {
                return existing;
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(store.handle(ColumnFamily.META), SEED_KEY, fresh);
                store.writeSynced(batch);
            }
            return fresh;
        } catch (RocksDBException e) {
            throw new StorageException("reading the blind lookup key seed", e);
        }
    }

    /**
     * Adds {@code n} to {@code peer}'s evaluations on {@code day} (days since 1970-01-01, UTC) if the sum stays
     * within {@code limit}, durably, before any evaluation is returned. Returns the count before, or -1 when the
     * sum would pass the limit (nothing is added then).
     */
    public synchronized long spend(String peer, long day, int n, long limit) {
        byte[] key = (COUNT_PREFIX + peer + "\0" + day).getBytes(StandardCharsets.UTF_8);
        try {
            byte[] stored = store.get(ColumnFamily.META, key);
            long used = stored == null ? 0 : ByteBuffer.wrap(stored).getLong();
            if (used + n > limit) {
                return -1;
            }
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(
                        store.handle(ColumnFamily.META),
                        key,
                        ByteBuffer.allocate(8).putLong(used + n).array());
                if (stored == null) {
                    // The day before yesterday's count is no longer read: drop it as a new day starts.
                    batch.delete(
                            store.handle(ColumnFamily.META),
                            (COUNT_PREFIX + peer + "\0" + (day - 2)).getBytes(StandardCharsets.UTF_8));
                }
                store.writeSynced(batch);
            }
            return used;
        } catch (RocksDBException e) {
            throw new StorageException("counting blind evaluations of " + peer, e);
        }
    }
}
