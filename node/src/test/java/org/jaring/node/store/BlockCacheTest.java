package org.jaring.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jaring.core.config.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.TableProperties;
import org.rocksdb.WriteBatch;

/**
 * A file's filter stays in the block cache however many keys the file holds. With RocksDB's own shard count the
 * default 64 MiB cache had 64 shards of 1 MiB, and a filter over 1 MiB was evicted as soon as it was read, so
 * every lookup read it again (docs/benchmarks-history.md, "Filters larger than a cache shard").
 */
class BlockCacheTest {
    private static final int KEYS = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void shardsAreNeverSmallerThanSixteenMebibytesAndAtMostSixtyFour() {
        assertThat(RocksStore.cacheShardBits(8L << 20)).isZero(); // the smallest setting: one shard
        assertThat(RocksStore.cacheShardBits(64L << 20)).isEqualTo(2); // the default: 4 shards of 16 MiB
        assertThat(RocksStore.cacheShardBits(256L << 20)).isEqualTo(4);
        assertThat(RocksStore.cacheShardBits(2_441L << 20)).isEqualTo(6); // as RocksDB chooses for large caches
        assertThat(RocksStore.cacheShardBits(65_536L << 20)).isEqualTo(6);
    }

    @Test
    void aFilterLargerThanOneMebibyteStaysCachedAfterALookupAtTheDefaultCacheSize() throws Exception {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            ColumnFamilyHandle cf = store.handle(ColumnFamily.PEER_CACHE);
            for (int from = 0; from < KEYS; from += 100_000) {
                try (WriteBatch batch = new WriteBatch()) {
                    for (int i = from; i < from + 100_000; i++) {
                        batch.put(cf, key(i), new byte[0]);
                    }
                    store.writeUnsynced(batch);
                }
            }
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                store.db().flush(flush, cf);
            }
            store.db().compactRange(cf);
            long filterBytes = 0;
            for (TableProperties file : store.db().getPropertiesOfAllTables(cf).values()) {
                filterBytes = Math.max(filterBytes, file.getFilterSize());
            }
            assertThat(filterBytes).as("the largest file's filter").isGreaterThan(1L << 20);

            List<byte[]> absent = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                absent.add(key(KEYS + i));
            }
            List<byte[]> found = store.multiGet(Collections.nCopies(absent.size(), cf), absent);
            assertThat(found).containsOnlyNulls();
            assertThat(store.db().getLongProperty(cf, "rocksdb.block-cache-usage"))
                    .as("block cache bytes after the lookup")
                    .isGreaterThanOrEqualTo(filterBytes);
            assertThat(store.db().get(cf, key(KEYS / 2))).isNotNull();
        }
    }

    private static byte[] key(int i) {
        return ByteBuffer.allocate(12)
                .putInt(0x4a52)
                .putLong(i * 0x9E3779B97F4A7C15L)
                .array();
    }
}
