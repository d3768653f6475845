package org.jaring.node.requests;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jaring.core.failure.StorageException;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.RocksStore;
import org.jaring.node.store.StoreIterator;
import org.jaring.v1.DeliverRequestRequest;
import org.jaring.v1.RequestRecord;
import org.jaring.v1.Transition;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Requests (column family {@code requests}: request_id -> RequestRecord) and their outbox (column family
 * {@code request_outbox}: sequence -> destination | 0x00 | kind | bytes). A record change and the message that
 * carries it to the peer are one synced write, so neither exists without the other.
 */
final class RequestTable {
    /** One waiting message: either a new request (with its first transitions) or one transition. */
    record Mail(long sequence, String destination, DeliverRequestRequest request, Transition transition) {
        String requestId() {
            return request != null ? request.getRequest().getRequestId() : transition.getRequestId();
        }
    }

    private final RocksStore store;
    private final AtomicLong lastMail;

    RequestTable(RocksStore store) {
        this.store = store;
        try (StoreIterator it = store.newIterator(ColumnFamily.REQUEST_OUTBOX)) {
            it.seekToLast();
            this.lastMail =
                    new AtomicLong(it.isValid() ? ByteBuffer.wrap(it.key()).getLong() : 0);
        }
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    RequestRecord get(String requestId) {
        try {
            byte[] v = store.get(ColumnFamily.REQUESTS, key(requestId));
            return v == null ? null : RequestRecord.parseFrom(v);
        } catch (RocksDBException | InvalidProtocolBufferException e) {
            throw new StorageException("reading request " + requestId, e);
        }
    }

    List<RequestRecord> all() {
        List<RequestRecord> out = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.REQUESTS)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                out.add(RequestRecord.parseFrom(it.value()));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt request record", e);
        }
        return out;
    }

    /** Stores the record and, if {@code mail} is not null, queues it for {@code destination}, in one synced write. */
    void put(RequestRecord record, String destination, Object mail) {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(
                    store.handle(ColumnFamily.REQUESTS), key(record.getRequest().getRequestId()), record.toByteArray());
            if (mail != null) {
                byte[] d = destination.getBytes(StandardCharsets.UTF_8);
                byte kind = mail instanceof DeliverRequestRequest ? (byte) 'R' : (byte) 'T';
                byte[] body = ((MessageLite) mail).toByteArray();
                batch.put(
                        store.handle(ColumnFamily.REQUEST_OUTBOX),
                        ByteBuffer.allocate(8)
                                .putLong(lastMail.incrementAndGet())
                                .array(),
                        ByteBuffer.allocate(d.length + 2 + body.length)
                                .put(d)
                                .put((byte) 0)
                                .put(kind)
                                .put(body)
                                .array());
            }
            store.writeSynced(batch);
        } catch (RocksDBException e) {
            throw new StorageException("storing request " + record.getRequest().getRequestId(), e);
        }
    }

    List<Mail> pending() {
        List<Mail> out = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.REQUEST_OUTBOX)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] v = it.value();
                int sep = 0;
                while (v[sep] != 0) {
                    sep++;
                }
                String dest = new String(v, 0, sep, StandardCharsets.UTF_8);
                byte[] body = Arrays.copyOfRange(v, sep + 2, v.length);
                long seq = ByteBuffer.wrap(it.key()).getLong();
                out.add(
                        v[sep + 1] == 'R'
                                ? new Mail(seq, dest, DeliverRequestRequest.parseFrom(body), null)
                                : new Mail(seq, dest, null, Transition.parseFrom(body)));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt request outbox entry", e);
        }
        return out;
    }

    /** Removes a delivered message, storing the record change its delivery caused (may be null) in the same write. */
    void delivered(Mail mail, RequestRecord updated) {
        try (WriteBatch batch = new WriteBatch()) {
            batch.delete(
                    store.handle(ColumnFamily.REQUEST_OUTBOX),
                    ByteBuffer.allocate(8).putLong(mail.sequence()).array());
            if (updated != null) {
                batch.put(
                        store.handle(ColumnFamily.REQUESTS),
                        key(updated.getRequest().getRequestId()),
                        updated.toByteArray());
            }
            store.writeSynced(batch);
        } catch (RocksDBException e) {
            throw new StorageException("clearing a delivered request message", e);
        }
    }
}
