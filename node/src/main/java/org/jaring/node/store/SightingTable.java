package org.jaring.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jaring.core.failure.StorageException;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.v1.Sighting;
import org.jaring.v1.SightingKind;
import org.jaring.v1.SightingSummary;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** Sightings of this node's values, counted per reporting country, each sighting_id once. */
public final class SightingTable {
    private static final byte SEEN_ID = 'i';
    private static final byte SUMMARY = 's';

    private final RocksStore store;

    public SightingTable(RocksStore store) {
        this.store = store;
    }

    /** Counts the sightings not counted before; returns how many were new. */
    public synchronized int record(List<Sighting> sightings, Timestamp now) {
        int accepted = 0;
        try (WriteBatch batch = new WriteBatch()) {
            Map<String, SightingSummary> pending = new HashMap<>();
            Set<String> ids = new HashSet<>();
            for (Sighting s : sightings) {
                byte[] idKey = idKey(s.getSightingId());
                if (!ids.add(s.getSightingId()) || store.get(ColumnFamily.SIGHTINGS, idKey) != null) {
                    continue;
                }
                byte[] sumKey = summaryKey(s.getTypeValue(), s.getValue(), s.getReportingNode());
                String k = Base64.getEncoder().encodeToString(sumKey);
                SightingSummary current = pending.get(k);
                if (current == null) {
                    byte[] bytes = store.get(ColumnFamily.SIGHTINGS, sumKey);
                    current = bytes == null
                            ? SightingSummary.newBuilder()
                                    .setType(s.getType())
                                    .setValue(s.getValue())
                                    .setReportingNode(s.getReportingNode())
                                    .build()
                            : SightingSummary.parseFrom(bytes);
                }
                SightingSummary.Builder next = current.toBuilder().setLastReported(now);
                if (s.getKind() == SightingKind.SIGHTING_KIND_FALSE_POSITIVE) {
                    next.setFalsePositive(current.getFalsePositive() + 1);
                } else {
                    next.setSeen(current.getSeen() + 1);
                }
                pending.put(k, next.build());
                batch.put(store.handle(ColumnFamily.SIGHTINGS), idKey, new byte[0]);
                batch.put(
                        store.handle(ColumnFamily.SIGHTINGS),
                        sumKey,
                        next.build().toByteArray());
                accepted++;
            }
            if (accepted > 0) {
                store.writeSynced(batch);
            }
            return accepted;
        } catch (RocksDBException e) {
            throw new StorageException("recording sightings", e);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt sighting summary", e);
        }
    }

    public List<SightingSummary> summaries(CanonicalValue value) {
        byte[] prefix = summaryPrefix(value.type().getNumber(), value.value());
        List<SightingSummary> out = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.SIGHTINGS)) {
            for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
                out.add(SightingSummary.parseFrom(it.value()));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt sighting summary", e);
        }
        return out;
    }

    private static byte[] idKey(String id) {
        byte[] b = Keys.utf8(id);
        return ByteBuffer.allocate(1 + b.length).put(SEEN_ID).put(b).array();
    }

    private static byte[] summaryPrefix(int type, String value) {
        byte[] v = Keys.utf8(value);
        return ByteBuffer.allocate(2 + v.length + 1)
                .put(SUMMARY)
                .put((byte) type)
                .put(v)
                .put((byte) 0)
                .array();
    }

    private static byte[] summaryKey(int type, String value, String node) {
        byte[] p = summaryPrefix(type, value);
        byte[] n = Keys.utf8(node);
        return ByteBuffer.allocate(p.length + n.length).put(p).put(n).array();
    }

    static long millis(Timestamp t) {
        return Timestamps.toMillis(t);
    }
}
