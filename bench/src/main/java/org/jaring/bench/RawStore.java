package org.jaring.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jaring.core.config.StoreSettings;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.RocksStore;
import org.jaring.node.store.StoreIterator;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The floor for the node's storage work: a RocksDB opened exactly as the node opens its own
 * ({@link RocksStore}, same options and column families), written and read directly.
 */
final class RawStore implements AutoCloseable {
    /** One batch's keys and values for the INDICATORS and CASE_INDICATORS families, computed before timing. */
    record Batch(List<byte[]> keys, List<byte[]> values, List<byte[]> caseKeys) {}

    private final RocksStore store;
    private final boolean owned;

    private RawStore(RocksStore store, boolean owned) {
        this.store = store;
        this.owned = owned;
    }

    static RawStore open(Path dir, String nodeId, StoreSettings settings) {
        return new RawStore(RocksStore.open(dir, nodeId, settings), true);
    }

    /**
     * A running node's own store, read directly: the same RocksDB instance, memtables, files and block cache as
     * the node's lookups read at that moment. {@link #close()} leaves it open; the node closes it.
     */
    static RawStore of(RocksStore nodeStore) {
        return new RawStore(nodeStore, false);
    }

    /** One synced WriteBatch, as the node writes one batch of indicators. */
    void write(Batch b) throws RocksDBException {
        RocksStore.awaitDurable(writeThenSync(b));
    }

    /**
     * One WriteBatch through the store's group commit, as the node's pipelined LoadIndicators writes it; the
     * future completes when it is on disk.
     */
    CompletableFuture<Void> writeThenSync(Batch b) throws RocksDBException {
        ColumnFamilyHandle indicators = store.handle(ColumnFamily.INDICATORS);
        ColumnFamilyHandle caseIndicators = store.handle(ColumnFamily.CASE_INDICATORS);
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < b.keys().size(); i++) {
                batch.put(indicators, b.keys().get(i), b.values().get(i));
                batch.put(caseIndicators, b.caseKeys().get(i), new byte[0]);
            }
            return store.writeThenSync(batch);
        }
    }

    /** multiGetAsList of the keys in the INDICATORS family; returns how many were found. */
    int multiGet(List<byte[]> keys) throws RocksDBException {
        ColumnFamilyHandle indicators = store.handle(ColumnFamily.INDICATORS);
        List<ColumnFamilyHandle> cfs = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            cfs.add(indicators);
        }
        int found = 0;
        for (byte[] v : store.multiGet(cfs, keys)) {
            if (v != null) {
                found++;
            }
        }
        return found;
    }

    /** RocksDB's per-level file counts and sizes of the INDICATORS family, for reading lookup costs. */
    String levels() {
        try {
            return store.db()
                    .getProperty(store.handle(ColumnFamily.INDICATORS), "rocksdb.levelstats")
                    .strip()
                    .replaceAll("\\s*\\n\\s*", "; ");
        } catch (RocksDBException e) {
            return "n/a";
        }
    }

    /** Exact number of distinct (type, value) keys, by iterating the INDICATORS family. */
    long countKeys() {
        long n = 0;
        try (StoreIterator it = store.newIterator(ColumnFamily.INDICATORS)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        if (owned) {
            store.close();
        }
    }
}
