package org.jaring.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jaring.core.failure.StorageException;
import org.jaring.v1.Alert;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Correlation alerts, each match once. Unlike a pair table of every matching attribute, only matches that
 * touch this node's own cases are kept, as events, and a repeated match raises nothing new.
 */
public final class AlertTable {
    private static final byte ALERT = 'a';
    private static final byte DEDUPE = 'k';

    private final RocksStore store;
    private final AtomicLong lastId;

    public AlertTable(RocksStore store) {
        this.store = store;
        this.lastId = new AtomicLong(lastOnDisk());
    }

    /** Alerts stored and readable now, and the moment they are on disk. */
    public record Raised(List<Alert> alerts, CompletableFuture<Void> durable) {}

    /** Stores the alerts that are new (by case, other side and value); returns them with their IDs. */
    public List<Alert> raise(List<Alert> candidates) {
        Raised raised = raiseAsync(candidates);
        RocksStore.awaitDurable(raised.durable());
        return raised.alerts();
    }

    /**
     * As {@link #raise}, but returns once the alerts are applied; they become durable in the group commit of
     * the write that caused them, so a batch of indicators is acknowledged only with its alerts on disk.
     */
    public synchronized Raised raiseAsync(List<Alert> candidates) {
        List<Alert> raised = new ArrayList<>();
        if (candidates.isEmpty()) {
            return new Raised(raised, CompletableFuture.completedFuture(null));
        }
        try (WriteBatch batch = new WriteBatch()) {
            List<byte[]> keys = new ArrayList<>(candidates.size());
            for (Alert a : candidates) {
                keys.add(dedupeKey(a));
            }
            List<byte[]> seen =
                    store.multiGet(Collections.nCopies(keys.size(), store.handle(ColumnFamily.ALERTS)), keys);
            Set<ByteBuffer> inBatch = new HashSet<>();
            for (int n = 0; n < candidates.size(); n++) {
                byte[] dedupe = keys.get(n);
                if (seen.get(n) != null || !inBatch.add(ByteBuffer.wrap(dedupe))) {
                    continue;
                }
                long id = lastId.incrementAndGet();
                Alert stored = candidates.get(n).toBuilder().setAlertId(id).build();
                batch.put(store.handle(ColumnFamily.ALERTS), alertKey(id), stored.toByteArray());
                batch.put(store.handle(ColumnFamily.ALERTS), dedupe, FeedLog.key(id));
                raised.add(stored);
            }
            if (raised.isEmpty()) {
                return new Raised(raised, CompletableFuture.completedFuture(null));
            }
            return new Raised(raised, store.writeThenSync(batch));
        } catch (RocksDBException e) {
            throw new StorageException("raising alerts", e);
        }
    }

    /** Alerts with an ID greater than {@code after}, oldest first, at most {@code limit}. */
    public List<Alert> after(long after, int limit) {
        List<Alert> out = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.ALERTS)) {
            for (it.seek(alertKey(after + 1)); it.isValid() && it.key()[0] == ALERT && out.size() < limit; it.next()) {
                out.add(Alert.parseFrom(it.value()));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt alert", e);
        }
        return out;
    }

    /** The newest alerts first. */
    public List<Alert> newest(int limit) {
        List<Alert> out = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.ALERTS)) {
            for (it.seekForPrev(alertKey(Long.MAX_VALUE));
                    it.isValid() && it.key()[0] == ALERT && out.size() < limit;
                    it.prev()) {
                out.add(Alert.parseFrom(it.value()));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt alert", e);
        }
        return out;
    }

    public long lastId() {
        return lastId.get();
    }

    private static byte[] alertKey(long id) {
        return ByteBuffer.allocate(9).put(ALERT).putLong(id).array();
    }

    private static byte[] dedupeKey(Alert a) {
        String k = a.getCaseId() + "\u0000" + a.getOtherNode() + "\u0000" + a.getOtherCase() + "\u0000"
                + a.getTypeValue() + "\u0000" + a.getValue();
        byte[] b = Keys.utf8(k);
        return ByteBuffer.allocate(1 + b.length).put(DEDUPE).put(b).array();
    }

    private long lastOnDisk() {
        try (StoreIterator it = store.newIterator(ColumnFamily.ALERTS)) {
            it.seekForPrev(alertKey(Long.MAX_VALUE));
            return it.isValid() && it.key()[0] == ALERT
                    ? ByteBuffer.wrap(it.key(), 1, 8).getLong()
                    : 0;
        }
    }
}
