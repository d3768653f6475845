package org.jaring.node.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.failure.UnavailableException;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileManager;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The node's single RocksDB: opened once per process, every column family of {@link ColumnFamily}, every
 * native object closed in reverse order of creation. Writes that a client will see acknowledged go through
 * {@link #writeSynced}, which fsyncs the WAL before returning.
 */
public final class RocksStore implements AutoCloseable {
    static final int SCHEMA_VERSION = 1;
    private static final byte[] SCHEMA_KEY = "schema_version".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NODE_ID_KEY = "node_id".getBytes(StandardCharsets.UTF_8);

    static {
        RocksDB.loadLibrary();
    }

    private static final Logger LOG = Logger.getLogger(RocksStore.class.getName());
    /** The longest close() waits for reads and writes in progress before leaving the store to the exit. */
    static final long CLOSE_WAIT_SECONDS = 10;

    private static final byte[] PROBE_KEY = "health_probe".getBytes(StandardCharsets.UTF_8);

    private final Path directory;
    private final StoreFaults faults;
    /**
     * Free space kept for the writes an answer depends on ({@code store.reserve_mb}): below it, new data is
     * refused here, before RocksDB, while audit and disclosure records and WAL syncs go on using the reserve. So
     * the disk does not fill under RocksDB (which, once it has hit a full disk, resumes only when there is room for
     * every column family's write buffers twice), and lookups keep being answered and recorded.
     */
    private final long reserveBytes;

    private volatile long freeCheckedAt;
    private volatile long freeAtCheck = Long.MAX_VALUE;
    private volatile boolean onReserve;
    /**
     * Tracks the SST files' size; with a space limit set ({@link #limitSpace}) RocksDB refuses flushes past it
     * with a NoSpace-like background error, and resumes by itself (RocksDB's automatic recovery) once there is
     * room again. The same path a full disk takes, so the fault kit can exercise it without filling one.
     */
    private final SstFileManager spaceManager;

    private final LRUCache blockCache;
    private final BloomFilter bloomFilter;
    private final ColumnFamilyOptions cfOptions;
    private final DBOptions dbOptions;
    private final RocksDB db;
    private final Map<ColumnFamily, ColumnFamilyHandle> handles = new EnumMap<>(ColumnFamily.class);
    private final List<ColumnFamilyHandle> openedHandles;
    private final WriteOptions syncedWrite;
    private final WriteOptions unsyncedWrite;
    private final ReadOptions defaultRead;
    private final WalSyncer walSyncer;
    private volatile boolean closed;
    /**
     * Writes hold it shared, close exclusively: a write that passed the open check finishes before the native
     * database is freed. Without it, a call still running when the node stops (a sync, a lookup's records)
     * wrote into freed memory and crashed the JVM (seen in FeedSyncTest's stop-mid-sync, under load).
     */
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();

    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();

    /** The smallest block cache shard: a file's filter or index block, a few MiB at most, must fit in one. */
    static final long MIN_CACHE_SHARD_BYTES = 16L << 20;

    /**
     * log2 of the number of block cache shards: at most 64, as RocksDB's own default, but none smaller than
     * {@link #MIN_CACHE_SHARD_BYTES}. Why: each file's filter and index are one block each in the cache,
     * and RocksDB's own choice cuts the default 64 MiB into 64 shards of 1 MiB. A block larger than its shard
     * is evicted as soon as it is read, so a file of more than about 850,000 keys had its filter read and
     * parsed again on every lookup (docs/benchmarks-history.md, "Filters larger than a cache shard").
     */
    static int cacheShardBits(long capacityBytes) {
        int bits = 0;
        while (bits < 6 && capacityBytes >> (bits + 1) >= MIN_CACHE_SHARD_BYTES) {
            bits++;
        }
        return bits;
    }

    private RocksStore(Path directory, StoreSettings settings) throws RocksDBException {
        this.directory = directory;
        this.faults = new StoreFaults(directory);
        this.reserveBytes = settings.reserveBytes();
        this.spaceManager = new SstFileManager(Env.getDefault());
        this.blockCache = new LRUCache(settings.blockCacheBytes(), cacheShardBits(settings.blockCacheBytes()));
        this.bloomFilter = new BloomFilter(10);
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(blockCache)
                .setFilterPolicy(bloomFilter)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
        this.cfOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(settings.writeBufferBytes())
                // Ingest reads every key before writing it, and most keys are new: a whole-key bloom filter in
                // the memtable answers those misses without walking the skiplist.
                .setMemtablePrefixBloomSizeRatio(0.05)
                .setMemtableWholeKeyFiltering(true);
        this.dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2)
                .setKeepLogFileNum(5)
                .setSstFileManager(spaceManager)
                // After a background error (a full disk, a flush refused) RocksDB retries on its own every second,
                // so writes are taken again within seconds of space returning, without a restart.
                .setMaxBgErrorResumeCount(Integer.MAX_VALUE)
                .setBgerrorResumeRetryInterval(1_000_000);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (ColumnFamily cf : ColumnFamily.values()) {
            descriptors.add(new ColumnFamilyDescriptor(cf.storedNameBytes(), cfOptions));
        }
        refuseUnknownFamilies(directory);
        this.openedHandles = new ArrayList<>();
        this.db = RocksDB.open(dbOptions, directory.toString(), descriptors, openedHandles);
        int opened = 0;
        for (ColumnFamily cf : ColumnFamily.values()) { // the descriptors were listed in this order
            handles.put(cf, openedHandles.get(opened++));
        }
        this.syncedWrite = new WriteOptions().setSync(true);
        this.unsyncedWrite = new WriteOptions();
        this.defaultRead = new ReadOptions();
        this.walSyncer = new WalSyncer(db, directory.getFileName().toString());
    }

    /**
     * Opens (creating if needed) the store in {@code directory} for {@code nodeId}. A folder that belongs to
     * another node, or that a newer schema wrote, is refused rather than mixed.
     */
    public static RocksStore open(Path directory, String nodeId, StoreSettings settings) {
        try {
            Files.createDirectories(directory);
            RocksStore store = new RocksStore(directory, settings);
            try {
                store.checkOwnership(nodeId);
                store.verifyChecksums();
            } catch (RuntimeException | RocksDBException e) {
                store.close();
                throw e;
            }
            return store;
        } catch (RocksDBException e) {
            throw new IllegalStateException(openFailure(directory, e), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data folder " + directory + ": " + e, e);
        }
    }

    /** Why the store did not open, in words that point at the real cause. */
    static String openFailure(Path directory, RocksDBException e) {
        String text = String.valueOf(e.getMessage());
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("lock")
                && (lower.contains("temporarily unavailable")
                        || lower.contains("no locks available")
                        || lower.contains("lock hold"))) {
            return "cannot open the store in " + directory + ": " + text
                    + " (another node process is using this data folder: stop it)";
        }
        return switch (StoreFailure.classify(e)) {
            case READ_ONLY ->
                "cannot open the store in " + directory + ": the folder cannot be written (" + text
                        + "): remount the disk read-write or give the node's user write access";
            case NO_SPACE ->
                "cannot open the store in " + directory + ": the disk is full (" + StoreFaults.mib(freeSpace(directory))
                        + " free; " + text + "): free space on it";
            case CORRUPTION ->
                "cannot open the store in " + directory + ": " + text
                        + ": the data folder is damaged; restore it from a backup (docs/operations.md, section 5, 'Back up and restore')";
            default -> "cannot open the store in " + directory + ": " + text;
        };
    }

    private static long freeSpace(Path directory) {
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Reads every block of every SST file and checks its checksum before the node serves: a damaged file is
     * found at start-up, not as values that silently vanish from lookups.
     */
    private void verifyChecksums() throws RocksDBException {
        long started = System.nanoTime();
        try {
            db.verifyChecksum();
        } catch (RocksDBException e) {
            throw faults.failed(e, false);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (millis > 1_000) {
            LOG.info("store checksums verified in " + millis + " ms");
        }
    }

    private static void refuseUnknownFamilies(Path directory) throws RocksDBException {
        if (!Files.exists(directory.resolve("CURRENT"))) {
            return;
        }
        try (Options options = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(options, directory.toString())) {
                String n = new String(name, StandardCharsets.UTF_8);
                if (ColumnFamily.byStoredName(n) == null) {
                    throw new IllegalStateException("the store in " + directory + " has a column family '" + n
                            + "' that this version does not know; it was written by a newer Jaring: upgrade");
                }
            }
        }
    }

    private void checkOwnership(String nodeId) throws RocksDBException {
        ColumnFamilyHandle meta = handle(ColumnFamily.META);
        byte[] schema = db.get(meta, SCHEMA_KEY);
        byte[] owner = db.get(meta, NODE_ID_KEY);
        if (schema == null) {
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(meta, SCHEMA_KEY, Integer.toString(SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8));
                batch.put(meta, NODE_ID_KEY, nodeId.getBytes(StandardCharsets.UTF_8));
                db.write(syncedWrite, batch);
            }
            return;
        }
        int version = Integer.parseInt(new String(schema, StandardCharsets.UTF_8));
        if (version > SCHEMA_VERSION) {
            throw new IllegalStateException("the store in " + directory + " has schema version " + version
                    + "; this node understands up to " + SCHEMA_VERSION + ": upgrade Jaring");
        }
        String stored = owner == null ? "" : new String(owner, StandardCharsets.UTF_8);
        if (!stored.equals(nodeId)) {
            throw new IllegalStateException("the store in " + directory + " belongs to node '" + stored + "', not '"
                    + nodeId + "': point data_dir at this node's own folder");
        }
    }

    public RocksDB db() {
        ensureOpen();
        return db;
    }

    /**
     * The handle of {@code cf}. Refused once the store is closed: a closed handle's native memory is freed, and a
     * batch built with it (by a background task that outlived the node's stop) would crash the process instead of
     * failing the one write.
     */
    public ColumnFamilyHandle handle(ColumnFamily cf) {
        ensureOpen();
        return handles.get(cf);
    }

    public ReadOptions defaultRead() {
        return defaultRead;
    }

    /** Writes the batch and fsyncs the write-ahead log before returning: safe to acknowledge. */
    public void writeSynced(WriteBatch batch) throws RocksDBException {
        writeWhileOpen(() -> db.write(syncedWrite, batch), false);
    }

    /**
     * Applies the batch now (readers see it when this returns) and makes it durable in a group commit shared
     * with every other write in flight: the future completes once the write-ahead log holding it is synced.
     * Acknowledge only then. Lets a caller release its lock before the fsync, so writers overlap.
     */
    public CompletableFuture<Void> writeThenSync(WriteBatch batch) throws RocksDBException {
        writeUnsynced(batch);
        return walSyncer.afterWrite();
    }

    /** Waits for a write of {@link #writeThenSync}; its failure is thrown as itself, not wrapped. */
    public static <T> T awaitDurable(CompletableFuture<T> durable) {
        try {
            return durable.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Writes the batch to the write-ahead log without waiting for fsync (see callers for why that is enough). */
    public void writeUnsynced(WriteBatch batch) throws RocksDBException {
        writeWhileOpen(() -> db.write(unsyncedWrite, batch), false);
    }

    /**
     * As {@link #writeUnsynced}, for records an answer depends on (audit, disclosures): made from the disk reserve
     * too, when the disk has filled and new data is refused, so lookups keep being answered and recorded.
     */
    public void writeUnsyncedReserved(WriteBatch batch) throws RocksDBException {
        writeWhileOpen(() -> db.write(unsyncedWrite, batch), true);
    }

    /**
     * As {@link #writeUnsyncedReserved(WriteBatch)}, for entries of one family, the batch built while the store is
     * held open: for writers that may still run while the node stops (the audit log's timer), where a batch built
     * before the check could name a handle the close has just freed.
     */
    public void writeUnsyncedReserved(ColumnFamily cf, List<byte[][]> entries) throws RocksDBException {
        writeWhileOpen(
                () -> {
                    try (WriteBatch batch = new WriteBatch()) {
                        ColumnFamilyHandle h = handles.get(cf);
                        for (byte[][] kv : entries) {
                            batch.put(h, kv[0], kv[1]);
                        }
                        db.write(unsyncedWrite, batch);
                    }
                },
                true);
    }

    /** Fsyncs the write-ahead log: every write that returned before this call is then on disk. */
    public void syncWal() throws RocksDBException {
        writeWhileOpen(db::syncWal, true);
    }

    /**
     * A write or sync: a failure is classified and reported ({@link StoreFaults}), a success clears a fault. A full
     * disk releases the reserve, and from then on only {@code reserved} writes are made until it is back.
     */
    private void writeWhileOpen(StoreAction action, boolean reserved) throws RocksDBException {
        if (!reserved && reserveBytes > 0) {
            long free = freeBytesRecently();
            if (free >= 0 && free < reserveBytes) {
                onReserve = true;
                throw faults.refusedOnReserve(reserveBytes);
            }
            leaveReserve();
        }
        try {
            whileOpen(() -> {
                action.run();
                return null;
            });
        } catch (RocksDBException e) {
            throw faults.failed(e, true);
        }
        if (!onReserve) {
            faults.writeSucceeded();
        }
    }

    /** Whether free space is below the reserve and the node refuses new data, answering from the reserve. */
    public boolean onReserve() {
        return onReserve;
    }

    /**
     * While writes are refused, tries a small unsynced write (the health check calls this every few seconds),
     * so the fault clears once the disk takes data again even when no client is writing.
     */
    public void probeWrites() {
        if (closed) {
            return;
        }
        if (onReserve) {
            leaveReserveIfRoom();
            return;
        }
        if (faults.writeFault() == null) {
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(handle(ColumnFamily.META), PROBE_KEY, new byte[] {1});
            writeUnsynced(batch);
        } catch (RocksDBException | RuntimeException e) {
            // still refused: the fault stays and was logged (at most once per interval)
        }
    }

    /** Space left on the data folder's disk, read at most every 100 ms (a statfs call). */
    private long freeBytesRecently() {
        long now = System.nanoTime();
        if (freeAtCheck == Long.MAX_VALUE || now - freeCheckedAt > 100_000_000L) {
            freeAtCheck = faults.freeBytes();
            freeCheckedAt = now;
        }
        return freeAtCheck;
    }

    /** Takes new data again once the disk has more free space than the reserve. */
    private void leaveReserveIfRoom() {
        freeAtCheck = faults.freeBytes();
        freeCheckedAt = System.nanoTime();
        if (freeAtCheck < 0 || freeAtCheck >= reserveBytes) {
            leaveReserve();
        }
    }

    private void leaveReserve() {
        if (onReserve) {
            onReserve = false;
            faults.writeSucceeded();
        }
    }

    /** What is wrong with the store now (full, read-only, corrupted), for statuses, health and metrics. */
    public StoreFaults faults() {
        return faults;
    }

    /**
     * Caps the SST files' total size ({@code 0}: no cap). Past it RocksDB refuses flushes and compactions, and so
     * new writes once the memtable is full, as on a full disk; raising it lets the store resume by itself.
     */
    public void limitSpace(long bytes) {
        spaceManager.setMaxAllowedSpaceUsage(bytes);
    }

    /** Bytes of SST files RocksDB tracks in the data folder. */
    public long sstBytes() {
        return spaceManager.getTotalSize();
    }

    /** Flushes every memtable to SST files (tests and the fault kit; not needed for durability). */
    public void flush() throws RocksDBException {
        try (org.rocksdb.FlushOptions options = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            writeWhileOpen(() -> db.flush(options, openedHandles), false);
        }
    }

    @FunctionalInterface
    private interface StoreAction {
        void run() throws RocksDBException;
    }

    @FunctionalInterface
    private interface StoreRead<T> {
        T read() throws RocksDBException;
    }

    /** Reads only while the store is open: close() waits for it, and later ones are refused. */
    private <T> T whileOpen(StoreRead<T> read) throws RocksDBException {
        closing.readLock().lock();
        try {
            ensureOpen();
            return read.read();
        } finally {
            closing.readLock().unlock();
        }
    }

    /** An iterator over {@code cf}; the store stays open until it is closed (see {@link StoreIterator}). */
    public StoreIterator newIterator(ColumnFamily cf) {
        closing.readLock().lock();
        try {
            ensureOpen();
            return new StoreIterator(db.newIterator(handle(cf)), closing.readLock());
        } catch (RuntimeException e) {
            closing.readLock().unlock();
            throw e;
        }
    }

    /** The value of {@code key} in {@code cf}, or null; read while the store is open (close() waits for it). */
    public byte[] get(ColumnFamily cf, byte[] key) throws RocksDBException {
        return readWhileOpen(() -> db.get(handle(cf), key));
    }

    /**
     * The values of {@code keys}, each in the family at the same position of {@code families}; null where none.
     * A read that failed is an error, never a miss: {@code multiGetAsList} gives null both for an absent key and
     * for a block that failed its checksum, so each null is read again with {@code get}, which tells them apart
     * (null when absent, an exception when the read failed). Misses cost a second bloom-filter probe.
     */
    public List<byte[]> multiGet(List<ColumnFamilyHandle> families, List<byte[]> keys) throws RocksDBException {
        return readWhileOpen(() -> {
            List<byte[]> values = new ArrayList<>(db.multiGetAsList(defaultRead, families, keys));
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) == null) {
                    values.set(i, db.get(families.get(i), defaultRead, keys.get(i)));
                }
            }
            return values;
        });
    }

    private <T> T readWhileOpen(StoreRead<T> read) throws RocksDBException {
        try {
            return whileOpen(read);
        } catch (RocksDBException e) {
            throw faults.failed(e, false);
        }
    }

    /** Compacts {@code cf} between two keys while the store is open. */
    public void compactRange(ColumnFamily cf, byte[] from, byte[] to) throws RocksDBException {
        writeWhileOpen(() -> db.compactRange(handle(cf), from, to), false);
    }

    public Path directory() {
        return directory;
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Runs {@code listener} right after the store closes (health turns NOT_SERVING at once). */
    public void onClose(Runnable listener) {
        closeListeners.add(listener);
    }

    /** A RocksDB integer property of one column family ("rocksdb.estimate-num-keys", ...); NaN once closed. */
    public synchronized double longProperty(ColumnFamily cf, String property) {
        if (closed) {
            return Double.NaN;
        }
        try {
            return db.getLongProperty(handle(cf), property);
        } catch (RocksDBException e) {
            return Double.NaN;
        }
    }

    /** Bytes the block cache holds; NaN once closed. */
    public synchronized double blockCacheUsage() {
        return closed ? Double.NaN : blockCache.getUsage();
    }

    /** The sequence number of the last write. */
    public synchronized long latestSequence() {
        ensureOpen();
        return db.getLatestSequenceNumber();
    }

    /**
     * A consistent, openable copy of the whole store in {@code target} (which must not exist yet): SST files
     * are hard-linked when on the same file system, the WAL is flushed first. The store keeps serving.
     */
    public synchronized void checkpoint(Path target) throws RocksDBException {
        ensureOpen();
        try (Checkpoint cp = Checkpoint.create(db)) {
            cp.createCheckpoint(target.toString());
        }
    }

    /**
     * Opens a store folder read-only (a backup checkpoint) and returns {schema_version, node_id} from its
     * meta family; refuses folders with unknown column families like {@link #open} does, and folders whose blocks
     * fail their checksums.
     */
    public static String[] readIdentity(Path directory) {
        try {
            refuseUnknownFamilies(directory);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            List<byte[]> present;
            try (Options options = new Options()) {
                present = RocksDB.listColumnFamilies(options, directory.toString());
            }
            for (byte[] name : present) {
                descriptors.add(new ColumnFamilyDescriptor(name));
            }
            List<ColumnFamilyHandle> opened = new ArrayList<>();
            try (DBOptions options = new DBOptions();
                    RocksDB ro = RocksDB.openReadOnly(options, directory.toString(), descriptors, opened)) {
                try {
                    int metaIndex = 0;
                    for (int i = 0; i < present.size(); i++) {
                        if (new String(present.get(i), StandardCharsets.UTF_8).equals(ColumnFamily.META.storedName())) {
                            metaIndex = i;
                        }
                    }
                    // A backup copies damage faithfully: a store whose blocks fail their checksums is refused
                    // here, before a restore accepts it.
                    ro.verifyChecksum();
                    ColumnFamilyHandle meta = opened.get(metaIndex);
                    byte[] schema = ro.get(meta, SCHEMA_KEY);
                    byte[] owner = ro.get(meta, NODE_ID_KEY);
                    return new String[] {
                        schema == null ? "" : new String(schema, StandardCharsets.UTF_8),
                        owner == null ? "" : new String(owner, StandardCharsets.UTF_8)
                    };
                } finally {
                    opened.forEach(ColumnFamilyHandle::close);
                }
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException(
                    "cannot open the store copy in " + directory + " read-only: " + e.getMessage(), e);
        }
    }

    /** The schema version this code writes and understands. */
    public static int schemaVersion() {
        return SCHEMA_VERSION;
    }

    private void ensureOpen() {
        if (closed) {
            throw new UnavailableException("the store is closed; the node is stopping");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        walSyncer.stop(); // syncs what is pending; writes from now on are refused their acknowledgement
        // Waits for reads, writes and open iterators; later ones see closed and refuse. Bounded: a write stuck on
        // a stalled disk must not keep the node from stopping within its grace period. Then the native database
        // is left open for the process exit to release (freeing it under a running write would crash the JVM);
        // what was acknowledged is in the synced WAL either way.
        boolean quiet;
        try {
            quiet = closing.writeLock().tryLock(CLOSE_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            quiet = false;
        }
        closed = true;
        if (!quiet) {
            LOG.warning("the store in " + directory + " still had a read or write running after " + CLOSE_WAIT_SECONDS
                    + " s (a stalled disk?): it is left to the process exit; nothing acknowledged is lost");
            closeListeners.forEach(RocksStore::runQuietly);
            return;
        }
        closing.writeLock().unlock();
        defaultRead.close();
        syncedWrite.close();
        unsyncedWrite.close();
        for (ColumnFamilyHandle h : openedHandles) {
            h.close();
        }
        db.close();
        dbOptions.close();
        cfOptions.close();
        bloomFilter.close();
        blockCache.close();
        spaceManager.close();
        closeListeners.forEach(RocksStore::runQuietly);
    }

    private static void runQuietly(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            // a listener's failure must not stop the close
        }
    }
}
