package org.jaring.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jaring.core.failure.StorageException;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.v1.Disclosure;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Who asked about what: one Disclosure per value of every lookup that crossed the border, in either
 * direction, indexed by value and by matched case (see {@link ColumnFamily#DISCLOSURES}).
 */
public final class DisclosureTable {
    private static final byte BY_VALUE = 'v';
    private static final byte BY_CASE = 'c';

    private final RocksStore store;

    public DisclosureTable(RocksStore store) {
        this.store = store;
    }

    /**
     * Records every disclosure of one lookup in one write to the write-ahead log before the answer leaves
     * the node. Not fsynced on purpose: a synced write only when a value matched would make "withheld"
     * measurably slower than "no hit" and so reveal what policy hides. The WAL write survives a crash of the
     * process; only a power cut can lose the last records, and the audit log keeps its own, signed record.
     */
    public void record(List<Disclosure> disclosures) {
        if (disclosures.isEmpty()) {
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < disclosures.size(); i++) {
                Disclosure d = disclosures.get(i);
                byte[] bytes = d.toByteArray();
                byte[] suffix = suffix(d, i);
                batch.put(
                        store.handle(ColumnFamily.DISCLOSURES),
                        concat(valuePrefix(d.getTypeValue(), d.getValue()), suffix),
                        bytes);
                for (String caseId : d.getMatchedCasesList()) {
                    batch.put(store.handle(ColumnFamily.DISCLOSURES), concat(casePrefix(caseId), suffix), bytes);
                }
            }
            store.writeUnsyncedReserved(batch);
        } catch (RocksDBException e) {
            throw new StorageException("recording a lookup", e);
        }
    }

    public List<Disclosure> byValue(CanonicalValue value, int limit) {
        return scan(valuePrefix(value.type().getNumber(), value.value()), limit);
    }

    public List<Disclosure> byCase(String caseId, int limit) {
        return scan(casePrefix(caseId), limit);
    }

    private List<Disclosure> scan(byte[] prefix, int limit) {
        List<Disclosure> out = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.DISCLOSURES)) {
            for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix) && out.size() < limit; it.next()) {
                out.add(Disclosure.parseFrom(it.value()));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt disclosure record", e);
        }
        return out;
    }

    private static byte[] valuePrefix(int type, String value) {
        byte[] v = Keys.utf8(value);
        return ByteBuffer.allocate(2 + v.length + 1)
                .put(BY_VALUE)
                .put((byte) type)
                .put(v)
                .put((byte) 0)
                .array();
    }

    private static byte[] casePrefix(String caseId) {
        byte[] c = Keys.utf8(caseId);
        return ByteBuffer.allocate(1 + c.length + 1)
                .put(BY_CASE)
                .put(c)
                .put((byte) 0)
                .array();
    }

    private static byte[] suffix(Disclosure d, int index) {
        byte[] id = Keys.utf8(d.getRequestId());
        return ByteBuffer.allocate(8 + id.length + 4)
                .putLong(Long.MAX_VALUE - Timestamps.toMillis(d.getAskedAt()))
                .put(id)
                .putInt(index)
                .array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}
