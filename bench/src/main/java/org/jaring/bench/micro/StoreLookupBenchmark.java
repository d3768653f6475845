package org.jaring.bench.micro;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jaring.core.config.StoreSettings;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.RocksStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A {@code multiGet} of 1,000 keys, all stored or none, from a store of 1,000,000 keys compacted into one file,
 * at the default 64 MiB block cache: the node's store ({@link RocksStore}, cache shards of at least 16 MiB)
 * against RocksDB opened with the same options but the cache split as RocksDB splits it by default, as the store
 * did before (64 shards of 1 MiB). The values are 80 zero bytes, so that the keys fit one file, as small or
 * compressible records do; that file's filter (about 1.2 MiB) is larger than a 1 MiB shard.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StoreLookupBenchmark {
    private static final int KEYS = 1_000_000;
    private static final int BATCH = 1_000;
    private static final long CACHE_BYTES = 64L << 20;

    @Param({"true", "false"})
    public boolean stored;

    private Path dir;
    private RocksStore store;
    private ColumnFamilyHandle storeFamily;
    private LRUCache oldCache;
    private BloomFilter oldBloom;
    private Options oldOptions;
    private ReadOptions read;
    private RocksDB old;
    private List<List<byte[]>> batches;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        RocksDB.loadLibrary();
        dir = Files.createTempDirectory("jaring-store-lookup");
        store = RocksStore.open(dir.resolve("node"), "MY-NCCIC", StoreSettings.defaults());
        storeFamily = store.handle(ColumnFamily.PEER_CACHE);
        oldCache = new LRUCache(CACHE_BYTES);
        oldBloom = new BloomFilter(10);
        oldOptions = new Options()
                .setCreateIfMissing(true)
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setBlockCache(oldCache)
                        .setFilterPolicy(oldBloom)
                        .setCacheIndexAndFilterBlocks(true)
                        .setPinL0FilterAndIndexBlocksInCache(true))
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(32L << 20)
                .setMemtablePrefixBloomSizeRatio(0.05)
                .setMemtableWholeKeyFiltering(true)
                .setMaxBackgroundJobs(2);
        old = RocksDB.open(oldOptions, dir.resolve("old").toString());
        read = new ReadOptions();

        SplittableRandom random = new SplittableRandom(20261129);
        List<byte[]> keys = new ArrayList<>(KEYS);
        byte[] value = new byte[80];
        try (WriteOptions write = new WriteOptions()) {
            for (int from = 0; from < KEYS; from += 10_000) {
                try (WriteBatch toStore = new WriteBatch();
                        WriteBatch toOld = new WriteBatch()) {
                    for (int i = from; i < from + 10_000; i++) {
                        byte[] key = key(random);
                        keys.add(key);
                        toStore.put(storeFamily, key, value);
                        toOld.put(key, value);
                    }
                    store.writeUnsynced(toStore);
                    old.write(write, toOld);
                }
            }
        }
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            store.db().flush(flush, storeFamily);
            store.db().compactRange(storeFamily);
            old.flush(flush);
            old.compactRange();
        }
        batches = new ArrayList<>();
        for (int b = 0; b < 64; b++) {
            List<byte[]> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                batch.add(stored ? keys.get(random.nextInt(KEYS)) : key(random));
            }
            batches.add(batch);
        }
    }

    private static byte[] key(SplittableRandom random) {
        return String.format("MY-ORIGIN\u0000%016x%016x", random.nextLong(), random.nextLong())
                .getBytes(StandardCharsets.US_ASCII);
    }

    private List<byte[]> nextBatch() {
        next = (next + 1) % batches.size();
        return batches.get(next);
    }

    @Benchmark
    public List<byte[]> nodeStore() throws RocksDBException {
        return store.multiGet(Collections.nCopies(BATCH, storeFamily), nextBatch());
    }

    @Benchmark
    public List<byte[]> defaultCacheShards() throws RocksDBException {
        return old.multiGetAsList(read, nextBatch());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        old.close();
        oldOptions.close();
        oldBloom.close();
        oldCache.close();
        read.close();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
