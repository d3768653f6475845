package org.jaring.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
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

    public Optional<String> caseIdForHandle(String handle) {
        try {
            byte[] id = store.get(ColumnFamily.CASE_HANDLES, Keys.utf8(handle));
            return id == null ? Optional.empty() : Optional.of(Keys.string(id));
        } catch (RocksDBException e) {
            throw new StorageException("reading case handle", e);
        }
    }
}
