package org.jaring.node.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jaring.core.failure.StorageException;
import org.jaring.v1.IndicatorType;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The node's monotonic sequence of changes to its indicators ({@link ColumnFamily#FEED}). Entries are appended
 * in the same WriteBatch as the change itself, so the feed and the data can never disagree, and the
 * sequence continues after a crash from the last entry on disk. Sequences are assigned under the indicator
 * write lock, so they are written in order.
 *
 * <p>Readers see only the <em>durable</em> part of the sequence. A batch is applied before its group commit
 * syncs it ({@link RocksStore#writeThenSync}); a peer that pulled such an entry, followed by a power loss
 * here, would hold a cursor past entries that no longer exist and skip the ones that reuse their sequence
 * numbers. So writers report each sequence once it is on disk ({@link #markDurable}), and peers never read
 * beyond it.
 */
public final class FeedLog {
    private static final byte[] SECRET_KEY = "feed_secret".getBytes(StandardCharsets.UTF_8);

    /** One entry: which indicator changed. */
    public record Change(long sequence, String caseId, IndicatorType type, String value) {}

    private final RocksStore store;
    private final AtomicLong last;
    private final AtomicLong durable;
    private final byte[] secret;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
    private final FeedGiven given;

    public FeedLog(RocksStore store) {
        this.store = store;
        this.last = new AtomicLong(lastOnDisk());
        this.durable = new AtomicLong(last.get());
        this.secret = loadOrCreateSecret();
        this.given = new FeedGiven(store);
    }

    /** Which items each peer was ever given through this feed. */
    public FeedGiven given() {
        return given;
    }

    /**
     * The key of the per-peer feed cursors ({@code share.FeedCursors}): HMAC-SHA256 of a label under the feed
     * secret, so it survives restarts and backups as the secret does, and is not the key of item_ids.
     */
    public byte[] cursorKey() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal("jaring-feed-cursor-v1".getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Appends a change to {@code batch}; the caller holds the indicator write lock and writes the batch. */
    void append(WriteBatch batch, String caseId, IndicatorType type, String value) throws RocksDBException {
        long seq = last.incrementAndGet();
        byte[] indicator = Keys.caseIndicator(caseId, type, value);
        batch.put(store.handle(ColumnFamily.FEED), key(seq), indicator);
        batch.put(
                store.handle(ColumnFamily.FEED_LATEST), indicator, key(seq)); // a blind put: no read on the write path
    }

    /**
     * The latest sequence appended for the indicator of each change, durable or not (0 where a store written
     * before {@link ColumnFamily#FEED_LATEST} has none: that change counts as the latest).
     */
    public long[] latest(List<Change> changes) {
        if (changes.isEmpty()) {
            return new long[0];
        }
        List<byte[]> keys = new ArrayList<>(changes.size());
        for (Change c : changes) {
            keys.add(Keys.caseIndicator(c.caseId(), c.type(), c.value()));
        }
        try {
            List<byte[]> values =
                    store.multiGet(Collections.nCopies(keys.size(), store.handle(ColumnFamily.FEED_LATEST)), keys);
            long[] out = new long[changes.size()];
            for (int n = 0; n < out.length; n++) {
                out[n] = values.get(n) == null
                        ? 0
                        : ByteBuffer.wrap(values.get(n)).getLong();
            }
            return out;
        } catch (RocksDBException e) {
            throw new StorageException("reading the feed's latest entries", e);
        }
    }

    /** The latest sequence appended, durable or not; the caller holds the indicator write lock. */
    long appended() {
        return last.get();
    }

    /** Everything up to {@code sequence} is synced to disk. */
    void markDurable(long sequence) {
        durable.accumulateAndGet(sequence, Math::max);
    }

    /** The latest durable sequence (0 when nothing has changed yet): what peers can read up to. */
    public long head() {
        return durable.get();
    }

    /** Up to {@code max} durable changes with a sequence greater than {@code after}, in order. */
    public List<Change> read(long after, int max) {
        List<Change> out = new ArrayList<>(Math.min(max, 1024));
        long limit = durable.get();
        try (StoreIterator it = store.newIterator(ColumnFamily.FEED)) {
            for (it.seek(key(after + 1)); it.isValid() && out.size() < max; it.next()) {
                long seq = ByteBuffer.wrap(it.key()).getLong();
                if (seq > limit) {
                    break;
                }
                byte[] v = it.value();
                int sep = 0;
                while (v[sep] != 0) {
                    sep++;
                }
                String caseId = new String(v, 0, sep, StandardCharsets.UTF_8);
                IndicatorType type = IndicatorType.forNumber(v[sep + 1]);
                String value = new String(v, sep + 2, v.length - sep - 2, StandardCharsets.UTF_8);
                out.add(new Change(seq, caseId, type, value));
            }
        }
        return out;
    }

    /**
     * The opaque, stable name of one indicator in the feed: an HMAC of (case, type, value) under a secret
     * that never leaves the node, so peers can match updates and removals without learning the case ID, and a
     * removal of an item a peer never saw tells it nothing.
     */
    public String itemId(String caseId, IndicatorType type, String value) {
        // One keyed Mac per thread: looking up the provider and keying it cost more than the HMAC itself.
        byte[] tag = macs.get().doFinal(Keys.caseIndicator(caseId, type, value));
        return HexFormat.of().formatHex(tag, 0, 16);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] key(long seq) {
        return ByteBuffer.allocate(8).putLong(seq).array();
    }

    private long lastOnDisk() {
        try (StoreIterator it = store.newIterator(ColumnFamily.FEED)) {
            it.seekToLast();
            return it.isValid() ? ByteBuffer.wrap(it.key()).getLong() : 0;
        }
    }

    private byte[] loadOrCreateSecret() {
        try {
            byte[] existing = store.get(ColumnFamily.META, SECRET_KEY);
            if (existing != null) {
                return existing;
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(store.handle(ColumnFamily.META), SECRET_KEY, fresh);
                store.writeSynced(batch);
            }
            return fresh;
        } catch (RocksDBException e) {
            throw new StorageException("reading the feed secret", e);
        }
    }
}
