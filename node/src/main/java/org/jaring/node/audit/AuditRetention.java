package org.jaring.node.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.core.config.AuditSettings;
import org.jaring.core.failure.Periodic;
import org.jaring.core.failure.StorageException;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.RocksStore;
import org.jaring.node.store.StoreIterator;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Retention (docs/audit.md): records older than {@code audit.retention} are removed in the background, never
 * silently. Records are only ever cut just before a signed checkpoint, which becomes the chain's new anchor: its
 * signature covers the hash of the last removed record, so the retained chain still verifies from it. Each cut
 * is announced first by a RETENTION record (range, count, times, anchor) that is itself signed by the next
 * checkpoint; then the range is deleted and the anchor's sequence stored under {@link #ANCHOR_KEY}, in one synced
 * write. A record deleted any other way shows as a GAP, or as an anchor that no RETENTION record announced.
 */
public final class AuditRetention implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());
    /** In the META family: sequence (8 bytes, big-endian) of the first retained audit record; absent means 1. */
    public static final byte[] ANCHOR_KEY = "audit_anchor".getBytes(StandardCharsets.UTF_8);
    /** Detail key of a RETENTION record naming the new anchor's sequence. */
    public static final String ANCHOR_DETAIL = "anchor_sequence";

    /** What one pruning removed; {@code count} 0 when nothing was due. */
    public record Pruned(long count, long firstSequence, long lastSequence, long anchorSequence) {}

    private final RocksAuditLog log;
    private final Clock clock;
    private final Duration retention;
    private final ScheduledExecutorService timer;
    private boolean closed;

    public AuditRetention(RocksAuditLog log, Clock clock, AuditSettings settings) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = settings.retention();
        if (!settings.prunes()) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-retention");
            t.setDaemon(true);
            return t;
        });
        long every = settings.pruneInterval().toMillis();
        // The first run soon after start, so a node that was down for a while catches up without waiting.
        Periodic.schedule(
                timer,
                "audit retention",
                Duration.ofMillis(Math.min(every, 60_000)),
                Duration.ofMillis(every),
                this::pruneQuietly);
    }

    /** The sequence of the first retained record (1 when nothing was ever pruned). */
    public static long anchor(RocksStore store) {
        try {
            byte[] v = store.get(ColumnFamily.META, ANCHOR_KEY);
            return v == null ? 1 : ByteBuffer.wrap(v).getLong();
        } catch (RocksDBException e) {
            throw new StorageException("reading the audit anchor", e);
        }
    }

    private void pruneQuietly() {
        try {
            prune();
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "audit retention run failed; records are kept and it runs again later: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Removes the records older than the retention period, up to (excluding) the newest signed checkpoint that
     * is itself older: the cut is at checkpoint granularity, so some records a little older than the period stay
     * until the next checkpoint passes it.
     */
    public synchronized Pruned prune() {
        if (retention == null || closed) {
            return new Pruned(0, 0, 0, anchor(log.store()));
        }
        Instant cutoff = clock.instant().minus(retention);
        RocksStore store = log.store();
        long first = -1;
        Instant firstTime = null;
        long anchor = -1;
        Instant lastPrunedTime = null;
        Instant previousTime = null;
        String anchorHash = "";
        try (StoreIterator it = store.newIterator(ColumnFamily.AUDIT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                AuditRecord r = AuditRecord.parseFrom(
                        SealedAuditRecord.parseFrom(it.value()).getRecord());
                Instant time = Instant.ofEpochMilli(Timestamps.toMillis(r.getTime()));
                if (!time.isBefore(cutoff)) {
                    break;
                }
                if (first < 0) {
                    first = r.getSequence();
                    firstTime = time;
                }
                if (r.getKind() == AuditKind.AUDIT_KIND_CHECKPOINT && r.getSequence() > first) {
                    anchor = r.getSequence();
                    lastPrunedTime = previousTime;
                    anchorHash = AuditCrypto.hex(r.getPrevHash().toByteArray());
                }
                previousTime = time;
            }
        } catch (InvalidProtocolBufferException e) {
            throw new StorageException(
                    "an audit record cannot be read; run 'jaring audit verify': " + e.getMessage(), e);
        }
        if (anchor < 0) {
            return new Pruned(0, 0, 0, anchor(store));
        }
        long count = anchor - first;
        // Announce, then sign the announcement, then cut: a crash in between leaves records that are announced
        // as pruned but still present, which verifies (and the next run cuts them).
        log.record(
                AuditKind.AUDIT_KIND_RETENTION,
                log.nodeId(),
                "records " + first + ".." + (anchor - 1),
                "pruned_first",
                Long.toString(first),
                "pruned_last",
                Long.toString(anchor - 1),
                "count",
                Long.toString(count),
                "oldest_time",
                firstTime.toString(),
                "newest_pruned_time",
                String.valueOf(lastPrunedTime),
                ANCHOR_DETAIL,
                Long.toString(anchor),
                "anchor_prev_hash",
                anchorHash,
                "retention",
                retention.toString(),
                "cutoff",
                cutoff.toString());
        log.checkpoint(false);
        try (WriteBatch batch = new WriteBatch()) {
            batch.deleteRange(store.handle(ColumnFamily.AUDIT), RocksAuditLog.key(first), RocksAuditLog.key(anchor));
            batch.put(store.handle(ColumnFamily.META), ANCHOR_KEY, RocksAuditLog.key(anchor));
            store.writeSynced(batch);
            // Range deletions free space only when compacted; do it now for the cut range.
            store.compactRange(ColumnFamily.AUDIT, RocksAuditLog.key(first), RocksAuditLog.key(anchor));
        } catch (RocksDBException e) {
            throw new StorageException("removing audit records " + first + ".." + (anchor - 1), e);
        }
        LOG.info("audit retention: removed " + count + " records " + first + ".." + (anchor - 1) + " older than "
                + cutoff + "; the chain is now anchored at signed checkpoint " + anchor);
        return new Pruned(count, first, anchor - 1, anchor);
    }

    @Override
    public void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        // prune() holds this monitor: a cut in progress finishes before the audit log and the store close.
        synchronized (this) {
            closed = true;
        }
    }
}
