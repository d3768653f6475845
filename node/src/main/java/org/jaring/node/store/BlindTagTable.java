package org.jaring.node.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jaring.core.failure.StorageException;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The blind lookup tag index on disk ({@link ColumnFamily#BLIND_TAGS}): per key epoch, the tag of every value this
 * node may answer some peer about, its reverse, and one build record. Derived state: the feature that fills it
 * (share.blind.TagIndex) rebuilds an epoch from the indicators when its record is missing or unreadable. Writes are
 * not synced: a crash loses at most a tail of batches, and since each batch carries its own build record, what is
 * on disk is always a consistent prefix of the build.
 *
 * <p>Tags are kept to their first {@value #TAG_BYTES} bytes: 128 bits leave a chance of a collision among 10^8
 * stored tags of about 10^16 / 2^129, and a colliding tag could only point at a value the answer path checks again
 * against the asker's policy. Half the bytes per entry of a full SHA-256.
 */
public final class BlindTagTable {
    public static final int TAG_BYTES = 16;
    private static final byte META = 0;
    private static final byte TAG = 1;
    private static final byte VALUE = 2;
    private static final byte META_VERSION = 2;

    /**
     * The build record of one epoch: {@code complete} once every stored value was scanned; {@code upTo} the feed
     * sequence whose changes are in the index (the head read when the scan began, until the scan completes);
     * {@code resumeAfter} the last INDICATORS key scanned (empty before the first); {@code scanned} values read so
     * far and {@code total} the estimate of values when the build began, for progress; {@code keyCheck} names the key
     * the tags were made with (the first 8 bytes of the SHA-256 of its public key), so an index made with another
     * key (a replaced seed) is never used.
     */
    public record Meta(boolean complete, long upTo, long scanned, long total, long keyCheck, byte[] resumeAfter) {
        public Meta {
            resumeAfter = resumeAfter.clone();
        }

        @Override
        public byte[] resumeAfter() {
            return resumeAfter.clone();
        }

        byte[] encode() {
            return ByteBuffer.allocate(HEADER + resumeAfter.length)
                    .put(META_VERSION)
                    .put((byte) (complete ? 1 : 0))
                    .putLong(upTo)
                    .putLong(scanned)
                    .putLong(total)
                    .putLong(keyCheck)
                    .put(resumeAfter)
                    .array();
        }

        /** Null for a record this version cannot read: the epoch is then built again. */
        static Meta decode(byte[] b) {
            if (b == null || b.length < HEADER || b[0] != META_VERSION || (b[1] != 0 && b[1] != 1)) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(b, 2, b.length - 2);
            return new Meta(
                    b[1] == 1,
                    in.getLong(),
                    in.getLong(),
                    in.getLong(),
                    in.getLong(),
                    Arrays.copyOfRange(b, HEADER, b.length));
        }
    }

    /** One value's entry: its INDICATORS key (type byte | canonical value) and its tag's first 16 bytes. */
    public record Entry(byte[] indicatorKey, byte[] tag) {}

    /** Version, complete, upTo, scanned, total, keyCheck. */
    private static final int HEADER = 2 + 4 * 8;

    private final RocksStore store;

    public BlindTagTable(RocksStore store) {
        this.store = store;
    }

    /** The build record of {@code epoch}, or null when there is none (or none this version can read). */
    public Meta meta(long epoch) {
        try {
            return Meta.decode(store.get(ColumnFamily.BLIND_TAGS, key(epoch, META, new byte[0])));
        } catch (RocksDBException e) {
            throw new StorageException("reading the blind tag index record of epoch " + epoch, e);
        }
    }

    /** The epochs that have any entry, in order: one seek per epoch. */
    public List<Long> epochs() {
        List<Long> out = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.BLIND_TAGS)) {
            it.seekToFirst();
            while (it.isValid() && it.key().length >= 8) {
                long epoch = ByteBuffer.wrap(it.key()).getLong();
                out.add(epoch);
                if (epoch == Long.MAX_VALUE) {
                    break;
                }
                it.seek(ByteBuffer.allocate(8).putLong(epoch + 1).array());
            }
        }
        return out;
    }

    /** Adds {@code added}, removes {@code removed} and writes {@code meta}, all in one write. */
    public void write(long epoch, List<Entry> added, List<Entry> removed, Meta meta) {
        try (WriteBatch batch = new WriteBatch()) {
            var h = store.handle(ColumnFamily.BLIND_TAGS);
            for (Entry e : removed) {
                batch.delete(h, key(epoch, TAG, e.tag()));
                batch.delete(h, key(epoch, VALUE, e.indicatorKey()));
            }
            for (Entry e : added) {
                batch.put(h, key(epoch, TAG, e.tag()), e.indicatorKey());
                batch.put(h, key(epoch, VALUE, e.indicatorKey()), e.tag());
            }
            batch.put(h, key(epoch, META, new byte[0]), meta.encode());
            store.writeUnsynced(batch);
        } catch (RocksDBException e) {
            throw new StorageException("writing the blind tag index of epoch " + epoch, e);
        }
    }

    /** The stored tag of each INDICATORS key in {@code epoch}, null where the value is not in the index. */
    public List<byte[]> tagsOf(long epoch, List<byte[]> indicatorKeys) {
        List<byte[]> keys = new ArrayList<>(indicatorKeys.size());
        for (byte[] k : indicatorKeys) {
            keys.add(key(epoch, VALUE, k));
        }
        return get(keys, "reading blind tags of epoch " + epoch);
    }

    /** The INDICATORS key each tag (its first 16 bytes) stands for in {@code epoch}, null where none. */
    public List<byte[]> resolve(long epoch, List<byte[]> tags) {
        List<byte[]> keys = new ArrayList<>(tags.size());
        for (byte[] t : tags) {
            keys.add(key(epoch, TAG, Arrays.copyOf(t, TAG_BYTES)));
        }
        return get(keys, "resolving blind tags of epoch " + epoch);
    }

    /** Deletes every entry and the record of {@code epoch}. */
    public void drop(long epoch) {
        try (WriteBatch batch = new WriteBatch()) {
            batch.deleteRange(
                    store.handle(ColumnFamily.BLIND_TAGS),
                    ByteBuffer.allocate(8).putLong(epoch).array(),
                    ByteBuffer.allocate(8).putLong(epoch + 1).array());
            store.writeUnsynced(batch);
        } catch (RocksDBException e) {
            throw new StorageException("dropping the blind tag index of epoch " + epoch, e);
        }
    }

    /** RocksDB's estimate of the values stored (INDICATORS keys): a build's progress is counted against it. */
    public long estimatedIndicatorValues() {
        double keys = store.longProperty(ColumnFamily.INDICATORS, "rocksdb.estimate-num-keys");
        return Double.isNaN(keys) ? 0 : (long) keys;
    }

    /** The family's size on disk (SST files) after a flush of what is in memory: for the bench. */
    public long bytesOnDisk() {
        try {
            store.flush();
        } catch (RocksDBException e) {
            throw new StorageException("flushing the store", e);
        }
        return (long) store.longProperty(ColumnFamily.BLIND_TAGS, "rocksdb.total-sst-files-size");
    }

    private List<byte[]> get(List<byte[]> keys, String what) {
        if (keys.isEmpty()) {
            return List.of();
        }
        try {
            return store.multiGet(Collections.nCopies(keys.size(), store.handle(ColumnFamily.BLIND_TAGS)), keys);
        } catch (RocksDBException e) {
            throw new StorageException(what, e);
        }
    }

    private static byte[] key(long epoch, byte kind, byte[] rest) {
        return ByteBuffer.allocate(9 + rest.length)
                .putLong(epoch)
                .put(kind)
                .put(rest)
                .array();
    }
}
