package org.jaring.node.audit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.node.failure.StorageException;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.RocksStore;
import org.jaring.node.trust.Fingerprints;
import org.jaring.node.trust.KeySource;
import org.jaring.node.trust.PemFiles;
import org.jaring.v1.AuditCheckpoint;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The audit log in the {@code audit} column family: sequence (8 bytes, big-endian) -> SealedAuditRecord. Records
 * are numbered and chained under one lock, then written by group commit: whichever caller finds no write in
 * progress writes every queued record in one synced batch, the others wait for it. {@link #append} returns only
 * once its record is on disk. A signed checkpoint follows every {@code checkpoint_every} records, every
 * {@code checkpoint_interval} when records were added, before an export and on close.
 */
public final class RocksAuditLog implements AuditLog, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RocksAuditLog.class.getName());

    private final RocksStore store;
    private final KeySource keys;
    private final String nodeId;
    private final Clock clock;
    private final AuditSettings settings;
    private final ScheduledExecutorService timer;

    private final Object lock = new Object();
    private long nextSequence;
    private byte[] head;
    private long sinceCheckpoint;
    private List<byte[][]> pending = new ArrayList<>();
    private long durable;
    private boolean writing;
    private RuntimeException failed;
    private boolean closed;

    public RocksAuditLog(RocksStore store, KeySource keys, String nodeId, Clock clock, AuditSettings settings) {
        this.store = store;
        this.keys = keys;
        this.nodeId = nodeId;
        this.clock = clock;
        this.settings = settings;
        readHead();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-checkpoint");
            t.setDaemon(true);
            return t;
        });
        long every = settings.checkpointInterval().toMillis();
        timer.scheduleWithFixedDelay(this::timedCheckpoint, every, every, TimeUnit.MILLISECONDS);
    }

    public static byte[] key(long sequence) {
        return ByteBuffer.allocate(8).putLong(sequence).array();
    }

    private void readHead() {
        try (RocksIterator it = store.newIterator(ColumnFamily.AUDIT)) {
            it.seekToLast();
            if (!it.isValid()) {
                nextSequence = 1;
                head = AuditVerifier.genesis();
                return;
            }
            SealedAuditRecord sealed = SealedAuditRecord.parseFrom(it.value());
            AuditRecord last = AuditRecord.parseFrom(sealed.getRecord());
            nextSequence = last.getSequence() + 1;
            durable = last.getSequence();
            head = sealed.getHash().toByteArray();
            // Records since the last checkpoint, looking back at most checkpoint_every records.
            long n = 0;
            for (; it.isValid() && n < settings.checkpointEvery(); it.prev()) {
                AuditRecord r = AuditRecord.parseFrom(SealedAuditRecord.parseFrom(it.value()).getRecord());
                if (r.getKind() == AuditKind.AUDIT_KIND_CHECKPOINT) {
                    break;
                }
                n++;
            }
            sinceCheckpoint = n;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the newest audit record cannot be read; run 'jaring audit verify' on a"
                    + " copy of the data folder: " + e.getMessage(), e);
        }
    }

    @Override
    public void append(AuditKind kind, String actor, String subject, List<AuditDetail> details) {
        long sequence = enqueue((seq, prev) -> AuditRecord.newBuilder().setSequence(seq)
                .setTime(Timestamps.fromMillis(clock.millis())).setKind(kind)
                .setActor(actor == null ? "" : actor).setSubject(subject == null ? "" : subject)
                .addAllDetails(details).setPrevHash(ByteString.copyFrom(prev)).build());
        awaitDurable(sequence);
        boolean due;
        synchronized (lock) {
            due = sinceCheckpoint >= settings.checkpointEvery();
        }
        if (due) {
            checkpoint(false);
        }
    }

    @Override
    public void appendNoWait(AuditKind kind, String actor, String subject, List<AuditDetail> details) {
        long sequence = enqueue((seq, prev) -> AuditRecord.newBuilder().setSequence(seq)
                .setTime(Timestamps.fromMillis(clock.millis())).setKind(kind)
                .setActor(actor == null ? "" : actor).setSubject(subject == null ? "" : subject)
                .addAllDetails(details).setPrevHash(ByteString.copyFrom(prev)).build());
        timer.execute(() -> {
            try {
                awaitDurable(sequence);
                boolean due;
                synchronized (lock) {
                    due = sinceCheckpoint >= settings.checkpointEvery();
                }
                if (due) {
                    checkpoint(false);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "audit write failed: " + e.getMessage());
            }
        });
    }

    /**
     * Writes a signed checkpoint over the current head; with {@code onlyIfNeeded}, only when records were added
     * since the last one. Returns the checkpoint's sequence, or the head's when none was needed.
     */
    public long checkpoint(boolean onlyIfNeeded) {
        long sequence;
        synchronized (lock) {
            if (sinceCheckpoint == 0 && (onlyIfNeeded || nextSequence > 1)) {
                return nextSequence - 1;
            }
            sequence = enqueue((seq, prev) -> {
                KeySource.Material m = keys.current();
                byte[] signature = AuditCrypto.sign(m.privateKey(), AuditCrypto.checkpointSignedBytes(nodeId, seq - 1, prev));
                AuditCheckpoint cp = AuditCheckpoint.newBuilder().setCoversSequence(seq - 1)
                        .setHeadHash(ByteString.copyFrom(prev)).setSignerFingerprint(Fingerprints.sha256(m.leaf()))
                        .setSignerChainPem(PemFiles.toPem(Arrays.asList(m.chain())))
                        .setSignature(ByteString.copyFrom(signature)).setNodeId(nodeId).build();
                return AuditRecord.newBuilder().setSequence(seq).setTime(Timestamps.fromMillis(clock.millis()))
                        .setKind(AuditKind.AUDIT_KIND_CHECKPOINT).setActor(nodeId)
                        .setSubject("head " + (seq - 1)).setPrevHash(ByteString.copyFrom(prev)).setCheckpoint(cp).build();
            });
        }
        awaitDurable(sequence);
        return sequence;
    }

    private void timedCheckpoint() {
        try {
            checkpoint(true);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "audit checkpoint failed: " + e.getMessage());
        }
    }

    private long enqueue(BiFunction<Long, byte[], AuditRecord> build) {
        synchronized (lock) {
            if (failed != null) {
                throw new StorageException("the audit log stopped after a failed write: " + failed.getMessage(), failed);
            }
            if (closed) {
                throw new org.jaring.node.failure.UnavailableException("the audit log is closed; the node is stopping");
            }
            long seq = nextSequence;
            AuditRecord record = build.apply(seq, head);
            byte[] body = record.toByteArray();
            byte[] hash = AuditCrypto.hash(head, body);
            byte[] value = SealedAuditRecord.newBuilder().setRecord(ByteString.copyFrom(body))
                    .setHash(ByteString.copyFrom(hash)).build().toByteArray();
            pending.add(new byte[][] {key(seq), value});
            nextSequence = seq + 1;
            head = hash;
            sinceCheckpoint = record.getKind() == AuditKind.AUDIT_KIND_CHECKPOINT ? 0 : sinceCheckpoint + 1;
            return seq;
        }
    }

    private void awaitDurable(long sequence) {
        while (true) {
            List<byte[][]> batch;
            long last;
            synchronized (lock) {
                while (durable < sequence && writing && failed == null) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new org.jaring.node.failure.UnavailableException("interrupted while writing the audit log");
                    }
                }
                if (durable >= sequence) {
                    return;
                }
                if (failed != null) {
                    throw new StorageException("the audit log stopped after a failed write: " + failed.getMessage(), failed);
                }
                writing = true;
                batch = pending;
                pending = new ArrayList<>();
                last = ByteBuffer.wrap(batch.get(batch.size() - 1)[0]).getLong();
            }
            RuntimeException error = null;
            try (WriteBatch wb = new WriteBatch()) {
                for (byte[][] kv : batch) {
                    wb.put(store.handle(ColumnFamily.AUDIT), kv[0], kv[1]);
                }
                store.writeSynced(wb);
            } catch (RocksDBException | RuntimeException e) {
                error = e instanceof RuntimeException re ? re : new StorageException("audit write failed: " + e.getMessage(), e);
            }
            synchronized (lock) {
                writing = false;
                if (error != null) {
                    // The chain in memory ran ahead of the disk: stop rather than leave a silent gap.
                    failed = error;
                } else {
                    durable = last;
                }
                lock.notifyAll();
            }
        }
    }

    /** The sequence of the newest durable record (0 when the log is empty). */
    public long lastSequence() {
        synchronized (lock) {
            return durable;
        }
    }

    public String nodeId() {
        return nodeId;
    }

    public RocksStore store() {
        return store;
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (store.isOpen()) {
                checkpoint(true);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "final audit checkpoint failed: " + e.getMessage());
        }
        long last;
        synchronized (lock) {
            closed = true;
            last = nextSequence - 1;
        }
        // Records enqueued just before the close (a feed batch or lookup still in flight) are written now, while
        // the store is still open: written after the store closed they would touch freed native handles.
        try {
            if (store.isOpen()) {
                awaitDurable(last);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "audit records queued at close were not written: " + e.getMessage());
        }
    }
}
