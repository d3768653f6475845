package org.jaring.node.store;

import static org.jaring.node.store.PeerCacheTable.CURSOR_PREFIX;
import static org.jaring.node.store.PeerCacheTable.contactKey;
import static org.jaring.node.store.PeerCacheTable.cursorKey;
import static org.jaring.node.store.PeerCacheTable.expiryKey;
import static org.jaring.node.store.PeerCacheTable.indexKey;
import static org.jaring.node.store.PeerCacheTable.itemKey;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jaring.core.failure.StorageException;
import org.jaring.v1.Hit;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Deletes from the peer cache what may no longer be held: items whose valid_until has passed, and every item,
 * the cursor and the contact point of origins that are no longer trusted. It runs after every sync round, so
 * it reads only what it deletes: expired items through PEER_CACHE_EXPIRY, oldest first, and an untrusted
 * origin's items by their key prefix (origins are found by their cursors, which are written with their first
 * items). A full scan per round would grow with the cache, the MISP pattern the design avoids.
 */
final class PeerCachePurge {
    /** Set once every item with a valid_until has its PEER_CACHE_EXPIRY entry (stores made before it existed). */
    private static final byte[] EXPIRY_INDEXED = Keys.utf8("peer_cache_expiry_indexed");
    /** Deletions per write while purging: bounded memory; purging again finishes a purge cut short. */
    private static final int PURGE_BATCH = 10_000;

    private final RocksStore store;

    PeerCachePurge(RocksStore store) {
        this.store = store;
    }

    /** Returns how many items were deleted; {@code forgetContact} hears each origin purged as untrusted. */
    int purge(Instant now, Set<String> trustedOrigins, Consumer<String> forgetContact) {
        try (Deletions deletions = new Deletions()) {
            purgeExpired(now, deletions);
            deletions.flush(); // so that an untrusted origin's walk below does not meet (and count) them again
            for (String origin : originsWithCursor()) {
                if (!trustedOrigins.contains(origin)) {
                    purgeOrigin(origin, deletions);
                    forgetContact.accept(origin);
                }
            }
            deletions.flush();
            return deletions.items;
        } catch (RocksDBException e) {
            throw new StorageException("purging the peer cache", e);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt peer cache item", e);
        }
    }

    private void purgeExpired(Instant now, Deletions deletions)
            throws RocksDBException, InvalidProtocolBufferException {
        long nowMillis = now.toEpochMilli();
        try (StoreIterator it = store.newIterator(ColumnFamily.PEER_CACHE_EXPIRY)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (ByteBuffer.wrap(key).getLong() > nowMillis) {
                    break;
                }
                String[] originAndItem = new String(key, 8, key.length - 8, StandardCharsets.UTF_8).split("\u0000", 2);
                byte[] itemKey = itemKey(originAndItem[0], originAndItem[1]);
                byte[] bytes = store.get(ColumnFamily.PEER_CACHE, itemKey);
                if (bytes == null) {
                    deletions.batch.delete(store.handle(ColumnFamily.PEER_CACHE_EXPIRY), key); // a leftover entry
                    continue;
                }
                deletions.item(itemKey, Hit.parseFrom(bytes), originAndItem[0], originAndItem[1]);
            }
        }
    }

    private void purgeOrigin(String origin, Deletions deletions)
            throws RocksDBException, InvalidProtocolBufferException {
        byte[] prefix = Keys.caseIndicatorPrefix(origin);
        try (StoreIterator it = store.newIterator(ColumnFamily.PEER_CACHE)) {
            for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
                byte[] key = it.key();
                String itemId = new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8);
                deletions.item(key, Hit.parseFrom(it.value()), origin, itemId);
            }
        }
        deletions.flush(); // every item first: the cursor goes last, so a purge cut short is found again
        deletions.batch.delete(store.handle(ColumnFamily.META), cursorKey(origin));
        deletions.batch.delete(store.handle(ColumnFamily.META), contactKey(origin));
    }

    private List<String> originsWithCursor() {
        byte[] prefix = Keys.utf8(CURSOR_PREFIX);
        List<String> origins = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.META)) {
            for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
                origins.add(
                        new String(it.key(), prefix.length, it.key().length - prefix.length, StandardCharsets.UTF_8));
            }
        }
        return origins;
    }

    /** The deletions of a purge, written every {@link #PURGE_BATCH} items and at the end. */
    private final class Deletions implements AutoCloseable {
        WriteBatch batch = new WriteBatch();
        int pending;
        int items;

        void item(byte[] itemKey, Hit hit, String origin, String itemId) throws RocksDBException {
            batch.delete(store.handle(ColumnFamily.PEER_CACHE), itemKey);
            batch.delete(
                    store.handle(ColumnFamily.PEER_CACHE_INDEX),
                    indexKey(hit.getTypeValue(), hit.getValue(), origin, itemId));
            if (hit.hasValidUntil()) {
                batch.delete(store.handle(ColumnFamily.PEER_CACHE_EXPIRY), expiryKey(hit, origin, itemId));
            }
            items++;
            if (++pending >= PURGE_BATCH) {
                flush();
            }
        }

        void flush() throws RocksDBException {
            if (batch.count() > 0) {
                store.writeSynced(batch);
                batch.close();
                batch = new WriteBatch();
            }
            pending = 0;
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    /**
     * Gives every held item with a valid_until its PEER_CACHE_EXPIRY entry, once per store: stores made before
     * that family existed held their items only in PEER_CACHE. A new store has nothing to scan.
     */
    void indexExpiryOnce() {
        try {
            if (store.get(ColumnFamily.META, EXPIRY_INDEXED) != null) {
                return;
            }
            try (WriteBatch batch = new WriteBatch();
                    StoreIterator it = store.newIterator(ColumnFamily.PEER_CACHE)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    Hit hit = Hit.parseFrom(it.value());
                    if (hit.hasValidUntil()) {
                        byte[] key = it.key();
                        int sep = 0;
                        while (key[sep] != 0) {
                            sep++;
                        }
                        batch.put(
                                store.handle(ColumnFamily.PEER_CACHE_EXPIRY),
                                expiryKey(
                                        hit,
                                        new String(key, 0, sep, StandardCharsets.UTF_8),
                                        new String(key, sep + 1, key.length - sep - 1, StandardCharsets.UTF_8)),
                                new byte[0]);
                    }
                }
                batch.put(store.handle(ColumnFamily.META), EXPIRY_INDEXED, new byte[] {1});
                store.writeSynced(batch);
            }
        } catch (RocksDBException e) {
            throw new StorageException("indexing the peer cache by valid_until", e);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt peer cache item", e);
        }
    }
}
