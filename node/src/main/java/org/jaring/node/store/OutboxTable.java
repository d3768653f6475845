package org.jaring.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jaring.core.failure.StorageException;
import org.jaring.v1.Sighting;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Messages for peers that wait until they are delivered: written (synced) before any attempt, deleted only
 * after the peer acknowledged them. Together with the receiver counting each message ID once, every message
 * takes effect exactly once, however often the peer or this node goes down in between.
 */
public final class OutboxTable {
    /** One waiting message. */
    public record Entry(long sequence, String destination, Sighting sighting) {}

    private final RocksStore store;
    private final AtomicLong last;

    public OutboxTable(RocksStore store) {
        this.store = store;
        try (StoreIterator it = store.newIterator(ColumnFamily.OUTBOX)) {
            it.seekToLast();
            this.last = new AtomicLong(it.isValid() ? ByteBuffer.wrap(it.key()).getLong() : 0);
        }
    }

    public long add(String destination, Sighting sighting) {
        long seq = last.incrementAndGet();
        byte[] d = destination.getBytes(StandardCharsets.UTF_8);
        byte[] s = sighting.toByteArray();
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(
                    store.handle(ColumnFamily.OUTBOX),
                    FeedLog.key(seq),
                    ByteBuffer.allocate(d.length + 1 + s.length)
                            .put(d)
                            .put((byte) 0)
                            .put(s)
                            .array());
            store.writeSynced(batch);
            return seq;
        } catch (RocksDBException e) {
            throw new StorageException("queueing a message for " + destination, e);
        }
    }

    /** Waiting messages in the order they were queued. */
    public List<Entry> pending(int limit) {
        List<Entry> out = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.OUTBOX)) {
            for (it.seekToFirst(); it.isValid() && out.size() < limit; it.next()) {
                byte[] v = it.value();
                int sep = 0;
                while (v[sep] != 0) {
                    sep++;
                }
                out.add(new Entry(
                        ByteBuffer.wrap(it.key()).getLong(),
                        new String(v, 0, sep, StandardCharsets.UTF_8),
                        Sighting.parseFrom(Arrays.copyOfRange(v, sep + 1, v.length))));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt outbox entry", e);
        }
        return out;
    }

    public void delivered(List<Entry> entries) {
        try (WriteBatch batch = new WriteBatch()) {
            for (Entry e : entries) {
                batch.delete(store.handle(ColumnFamily.OUTBOX), FeedLog.key(e.sequence()));
            }
            store.writeSynced(batch);
        } catch (RocksDBException e) {
            throw new StorageException("clearing delivered messages", e);
        }
    }
}
