package org.jaring.node.audit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.util.Timestamps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.core.config.AuditSettings;
import org.jaring.core.failure.Periodic;
import org.jaring.core.failure.StorageException;
import org.jaring.core.failure.UnavailableException;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.PemFiles;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.RocksStore;
import org.jaring.node.store.StoreIterator;
import org.jaring.v1.AuditCheckpoint;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;
import org.rocksdb.RocksDBException;

/**
 * The audit log in the {@code audit} column family: sequence (8 bytes, big-endian) -> SealedAuditRecord. Records
 * are numbered and chained under one lock, then written in two group-committed steps: whichever caller finds no
 * write in progress writes every queued record to the write-ahead log in one batch (the others wait for it), and
 * whichever finds no sync in progress fsyncs the WAL for everything written so far. {@link #append} returns
 * once its record is synced; {@link #appendWritten} once it is in the WAL, with the sync done by the
 * {@code audit-sync} thread at once and never lagging more than {@link #MAX_UNSYNCED} behind an answer
 * (docs/audit.md, "Durability"). A signed checkpoint follows every {@code checkpoint_every} records, every
 * {@code checkpoint_interval} when records were added, before an export and on close.
 */
public final class RocksAuditLog implements AuditLog, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RocksAuditLog.class.getName());

    private final RocksStore store;
    private final KeySource keys;
    private final String nodeId;
    private final Clock clock;
    private final AuditSettings settings;
    /** Told of every signed checkpoint, outside the data folder, so that a cut back to an earlier one shows. */
    private final AuditWitness witness;

    private final ScheduledExecutorService timer;

    private final Object lock = new Object();
    private long nextSequence;
    private byte[] head;
    private long sinceCheckpoint;
    private List<byte[][]> pending = new ArrayList<>();
    /** Newest sequence in the WAL (survives a process crash) and newest synced (survives a power loss). */
    private long written;

    private long durable;
    /** When the oldest record written but not yet synced was written (System.nanoTime), 0 when none. */
    private long unsyncedSince;

    private boolean writing;
    private boolean syncing;
    /**
     * Failed writes and syncs so far, and the newest failure. A failure is not final: the records stay queued in
     * order and the next caller writes them again (once the disk has room), so the chain never has a gap; the
     * callers waiting when it failed get the failure at once instead of waiting on a write that will not come.
     */
    private long writeFailures;

    private long syncFailures;
    private RuntimeException lastFailure;
    private boolean closed;
    private final Thread syncer;

    /**
     * The longest an {@link #appendWritten} record may stay unsynced while answers keep leaving: past it, the
     * next lookup waits for the sync instead, so a slow or stalled disk applies back-pressure rather than
     * widening what a power loss can take.
     */
    public static final Duration MAX_UNSYNCED = Duration.ofMillis(50);

    /** Records queued while the disk refuses writes; past it new records are refused, memory stays bounded. */
    static final int MAX_PENDING = 100_000;

    /** How long the audit-sync thread waits after a failed sync before trying again. */
    private static final long SYNC_RETRY_MILLIS = 500;

    public RocksAuditLog(
            RocksStore store,
            KeySource keys,
            String nodeId,
            Clock clock,
            AuditSettings settings,
            AuditWitness witness) {
        this.store = Objects.requireNonNull(store, "store");
        this.witness = Objects.requireNonNull(witness, "witness");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        readHead();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-checkpoint");
            t.setDaemon(true);
            return t;
        });
        Periodic.schedule(
                timer,
                "audit checkpoint",
                settings.checkpointInterval(),
                settings.checkpointInterval(),
                this::timedCheckpoint);
        this.syncer = new Thread(this::syncLoop, "audit-sync");
        syncer.setDaemon(true);
        syncer.start();
    }

    public static byte[] key(long sequence) {
        return ByteBuffer.allocate(8).putLong(sequence).array();
    }

    /**
     * Continues after the highest key present: never after what the newest record says of itself, which someone
     * with write access to the folder can change (a record moved there from earlier would make the node number
     * on from the past and write over genuine records). The chain was checked before the log is opened
     * ({@link AuditChain#requireIntact}); a newest record that does not match its key is refused here as well.
     */
    private void readHead() {
        try (StoreIterator it = store.newIterator(ColumnFamily.AUDIT)) {
            it.seekToLast();
            if (!it.isValid()) {
                nextSequence = 1;
                head = AuditVerifier.genesis();
                return;
            }
            byte[] k = it.key();
            if (k.length != 8) {
                throw new IllegalStateException("the newest audit key is " + k.length + " bytes, not an 8-byte"
                        + " sequence: " + AuditChain.INSPECT);
            }
            long highest = ByteBuffer.wrap(k).getLong();
            SealedAuditRecord sealed = SealedAuditRecord.parseFrom(it.value());
            AuditRecord last = AuditRecord.parseFrom(sealed.getRecord());
            if (last.getSequence() != highest) {
                throw new IllegalStateException("the newest audit record, stored as " + highest + ", says it is record "
                        + last.getSequence() + ": records were moved; the node does not write over them. "
                        + AuditChain.INSPECT);
            }
            nextSequence = highest + 1;
            durable = highest;
            written = durable;
            head = sealed.getHash().toByteArray();
            // Records since the last checkpoint, looking back at most checkpoint_every records.
            long n = 0;
            for (; it.isValid() && n < settings.checkpointEvery(); it.prev()) {
                AuditRecord r = AuditRecord.parseFrom(
                        SealedAuditRecord.parseFrom(it.value()).getRecord());
                if (r.getKind() == AuditKind.AUDIT_KIND_CHECKPOINT) {
                    break;
                }
                n++;
            }
            sinceCheckpoint = n;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(
                    "the newest audit records cannot be read (" + e.getMessage() + "). " + AuditChain.INSPECT, e);
        }
    }

    @Override
    public void append(AuditKind kind, String actor, String subject, List<AuditDetail> details) {
        long sequence = enqueue(plain(kind, actor, subject, details));
        awaitDurable(sequence);
        checkpointIfDue();
    }

    /**
     * Returns once the record is in the write-ahead log, before it is synced: a crash of the process loses
     * nothing, a power loss can lose records written in the last moments (at most {@link #MAX_UNSYNCED} before
     * the last answer left). For the lookup paths, where a synced write per call was most of a lookup's time.
     */
    @Override
    public void appendWritten(AuditKind kind, String actor, String subject, List<AuditDetail> details) {
        long sequence = enqueue(plain(kind, actor, subject, details));
        awaitWritten(sequence);
        boolean lagging;
        synchronized (lock) {
            lagging = durable < sequence
                    && unsyncedSince != 0
                    && System.nanoTime() - unsyncedSince > MAX_UNSYNCED.toNanos();
        }
        if (lagging) {
            awaitDurable(sequence);
        }
        checkpointIfDue();
    }

    @Override
    public void appendNoWait(AuditKind kind, String actor, String subject, List<AuditDetail> details) {
        long sequence = enqueue(plain(kind, actor, subject, details));
        timer.execute(() -> {
            try {
                awaitDurable(sequence);
                checkpointIfDue();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "audit write failed: " + e.getMessage());
            }
        });
    }

    private BiFunction<Long, byte[], AuditRecord> plain(
            AuditKind kind, String actor, String subject, List<AuditDetail> details) {
        return (seq, prev) -> AuditRecord.newBuilder()
                .setSequence(seq)
                .setTime(Timestamps.fromMillis(clock.millis()))
                .setKind(kind)
                .setActor(actor == null ? "" : actor)
                .setSubject(subject == null ? "" : subject)
                .addAllDetails(details)
                .setPrevHash(ByteString.copyFrom(prev))
                .build();
    }

    private void checkpointIfDue() {
        boolean due;
        synchronized (lock) {
            due = sinceCheckpoint >= settings.checkpointEvery();
        }
        if (due) {
            checkpoint(false);
        }
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
                byte[] signature =
                        AuditCrypto.sign(m.privateKey(), AuditCrypto.checkpointSignedBytes(nodeId, seq - 1, prev));
                AuditCheckpoint cp = AuditCheckpoint.newBuilder()
                        .setCoversSequence(seq - 1)
                        .setHeadHash(ByteString.copyFrom(prev))
                        .setSignerFingerprint(Fingerprints.sha256(m.leaf()))
                        .setSignerChainPem(PemFiles.toPem(Arrays.asList(m.chain())))
                        .setSignature(ByteString.copyFrom(signature))
                        .setNodeId(nodeId)
                        .build();
                return AuditRecord.newBuilder()
                        .setSequence(seq)
                        .setTime(Timestamps.fromMillis(clock.millis()))
                        .setKind(AuditKind.AUDIT_KIND_CHECKPOINT)
                        .setActor(nodeId)
                        .setSubject("head " + (seq - 1))
                        .setPrevHash(ByteString.copyFrom(prev))
                        .setCheckpoint(cp)
                        .build();
            });
        }
        awaitDurable(sequence);
        witnessCheckpoint(sequence);
        return sequence;
    }

    /**
     * The checkpoint is durable: the witness now names it. Failing to write the witness fails the checkpoint's
     * caller, as a failed record would; the witness then still names an earlier checkpoint of this chain, which
     * start-up accepts.
     */
    private void witnessCheckpoint(long sequence) {
        try {
            byte[] value = store.get(ColumnFamily.AUDIT, key(sequence));
            if (value == null) {
                throw new UnavailableException(
                        "audit checkpoint " + sequence + " is not in the store after it was written");
            }
            witness.write(
                    nodeId,
                    sequence,
                    SealedAuditRecord.parseFrom(value).getHash().toByteArray());
        } catch (RocksDBException | IOException e) {
            throw new StorageException(
                    "the audit head witness " + witness.file() + " could not be updated after checkpoint " + sequence,
                    e);
        }
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
            if (pending.size() >= MAX_PENDING) {
                throw failure(lastFailure);
            }
            if (closed) {
                throw new UnavailableException("the audit log is closed; the node is stopping");
            }
            long seq = nextSequence;
            AuditRecord record = build.apply(seq, head);
            byte[] body = record.toByteArray();
            byte[] hash = AuditCrypto.hash(head, body);
            // body is this method's own array: wrapped, not copied, into the sealed record.
            byte[] value = SealedAuditRecord.newBuilder()
                    .setRecord(UnsafeByteOperations.unsafeWrap(body))
                    .setHash(ByteString.copyFrom(hash))
                    .build()
                    .toByteArray();
            pending.add(new byte[][] {key(seq), value});
            nextSequence = seq + 1;
            head = hash;
            sinceCheckpoint = record.getKind() == AuditKind.AUDIT_KIND_CHECKPOINT ? 0 : sinceCheckpoint + 1;
            return seq;
        }
    }

    /**
     * Writes (group commit, unsynced) until {@code sequence} is in the WAL. A failed write keeps its records queued
     * for the next write and fails every caller waiting on it; the writing flag is always released.
     */
    private void awaitWritten(long sequence) {
        long failuresBefore;
        synchronized (lock) {
            failuresBefore = writeFailures;
        }
        while (true) {
            List<byte[][]> batch;
            long last;
            synchronized (lock) {
                while (written < sequence && writing && writeFailures == failuresBefore) {
                    waitOnLock();
                }
                if (written >= sequence) {
                    return;
                }
                if (writeFailures != failuresBefore) {
                    throw failure(lastFailure);
                }
                writing = true;
                batch = pending;
                pending = new ArrayList<>();
                last = ByteBuffer.wrap(batch.get(batch.size() - 1)[0]).getLong();
            }
            RuntimeException error = null;
            boolean done = false;
            try {
                store.writeUnsyncedReserved(ColumnFamily.AUDIT, batch);
                done = true;
            } catch (RocksDBException | RuntimeException e) {
                error = e instanceof RuntimeException re ? re : new StorageException("audit write failed", e);
            } finally {
                synchronized (lock) {
                    writing = false;
                    if (done) {
                        if (written == durable) {
                            unsyncedSince = System.nanoTime();
                        }
                        written = last;
                    } else {
                        // Not in the WAL: queued again ahead of newer records, so the next write retries them in
                        // chain order (writing the same key and value twice is harmless).
                        batch.addAll(pending);
                        pending = batch;
                        writeFailures++;
                        lastFailure = error != null ? error : new UnavailableException("audit write interrupted");
                    }
                    lock.notifyAll(); // wakes waiting writers and the audit-sync thread
                }
            }
            if (error != null) {
                throw failure(error);
            }
        }
    }

    /** Writes and then fsyncs (group commit) until {@code sequence} is on disk. */
    private void awaitDurable(long sequence) {
        awaitWritten(sequence);
        long failuresBefore;
        synchronized (lock) {
            failuresBefore = syncFailures;
        }
        while (true) {
            long target;
            long started;
            synchronized (lock) {
                while (durable < sequence && syncing && syncFailures == failuresBefore) {
                    waitOnLock();
                }
                if (durable >= sequence) {
                    return;
                }
                if (syncFailures != failuresBefore) {
                    throw failure(lastFailure);
                }
                syncing = true;
                target = written;
                started = System.nanoTime();
            }
            if (!syncTo(target, started)) {
                synchronized (lock) {
                    throw failure(lastFailure);
                }
            }
        }
    }

    /** Syncs the WAL, which holds every record up to {@code target}; records written later stay unsynced. */
    private boolean syncTo(long target, long started) {
        RuntimeException error = null;
        try {
            store.syncWal();
        } catch (RocksDBException | RuntimeException e) {
            error = e instanceof RuntimeException re ? re : new StorageException("audit sync failed", e);
        }
        synchronized (lock) {
            syncing = false;
            if (error != null) {
                // The records stay written; the waiters of this sync fail, a later sync covers them again.
                syncFailures++;
                lastFailure = error;
            } else {
                durable = Math.max(durable, target);
                // Records not covered were written after this sync started: the oldest of them is no older.
                unsyncedSince = written > durable ? started : 0;
            }
            lock.notifyAll();
        }
        return error == null;
    }

    /** The audit-sync thread: syncs whatever {@link #appendWritten} left unsynced, as soon as it is written. */
    private void syncLoop() {
        while (true) {
            long target;
            long started;
            synchronized (lock) {
                while (!(written > durable && !syncing) && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if ((closed && written <= durable) || !store.isOpen()) {
                    return;
                }
                if (syncing || written <= durable) {
                    continue;
                }
                syncing = true;
                target = written;
                started = System.nanoTime();
            }
            if (!syncTo(target, started)) {
                synchronized (lock) {
                    try {
                        lock.wait(SYNC_RETRY_MILLIS); // the disk refused: retry later, not in a hot loop
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    @SuppressWarnings("WaitNotInLoop") // every caller waits in a loop on its own condition
    private void waitOnLock() {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while writing the audit log");
        }
    }

    /** The failure to give a caller whose record was not written (or not synced) yet. */
    private static RuntimeException failure(RuntimeException cause) {
        if (cause instanceof StorageException || cause instanceof UnavailableException) {
            return cause;
        }
        return new StorageException("the audit record could not be written", cause);
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
            lock.notifyAll();
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
        try {
            syncer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
