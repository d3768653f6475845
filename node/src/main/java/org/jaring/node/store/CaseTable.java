package org.jaring.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jaring.core.failure.StorageException;
import org.jaring.v1.Case;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Cases and their opaque handles. Cases are few and small next to indicators, and every hit needs its
 * case's handle and default handling, so they are kept in memory once read.
 */
public final class CaseTable {
    private final RocksStore store;
    private final ConcurrentHashMap<String, Case> cache = new ConcurrentHashMap<>();

    public CaseTable(RocksStore store) {
        this.store = store;
    }

    public Optional<Case> find(String caseId) {
        Case cached = cache.get(caseId);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            byte[] bytes = store.get(ColumnFamily.CASES, Keys.utf8(caseId));
            if (bytes == null) {
                return Optional.empty();
            }
            Case found = Case.parseFrom(bytes);
            cache.put(caseId, found);
            return Optional.of(found);
        } catch (RocksDBException e) {
            throw new StorageException("reading case " + caseId, e);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt case record " + caseId, e);
        }
    }

    /** Stores the case (and its handle on first write) in one synced batch. */
    public void put(Case c, boolean isNew) {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(store.handle(ColumnFamily.CASES), Keys.utf8(c.getCaseId()), c.toByteArray());
            if (isNew) {
                batch.put(
                        store.handle(ColumnFamily.CASE_HANDLES),
                        Keys.utf8(c.getCaseHandle()),
                        Keys.utf8(c.getCaseId()));
            }
            store.writeSynced(batch);
            cache.put(c.getCaseId(), c);
        } catch (RocksDBException e) {
            throw new StorageException("writing case " + c.getCaseId(), e);
        }
    }

    /**
     * Up to {@code limit} cases whose ID sorts after {@code afterCaseId} (empty: from the first), in ID order. Case
     * IDs are ASCII, so their byte order is their text order.
     */
    public List<Case> list(String afterCaseId, int limit) {
        List<Case> out = new ArrayList<>(Math.min(limit, 1024));
        byte[] after = Keys.utf8(afterCaseId);
        try (StoreIterator it = store.newIterator(ColumnFamily.CASES)) {
            for (it.seek(after); it.isValid() && out.size() < limit; it.next()) {
                if (!Arrays.equals(it.key(), after)) {
                    out.add(Case.parseFrom(it.value()));
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt case record", e);
        }
        return out;
    }

    public Optional<String> caseIdForHandle(String handle) {
        try {
            byte[] id = store.get(ColumnFamily.CASE_HANDLES, Keys.utf8(handle));
            return id == null ? Optional.empty() : Optional.of(Keys.string(id));
        } catch (RocksDBException e) {
            throw new StorageException("reading case handle", e);
        }
    }
}
