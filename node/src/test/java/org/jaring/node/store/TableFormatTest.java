package org.jaring.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.TableProperties;
import org.rocksdb.WriteBatch;

/**
 * The store's files keep their index and filter in small partitions, each cached on its own. A whole-file
 * filter larger than one shard of the block cache was read again on every lookup (docs/benchmarks.md,
 * "Filters larger than a cache shard"), so a store written with whole-file filters must not come back.
 */
class TableFormatTest {
    private static final int KEYS = 60_000;

    @TempDir
    Path dir;

    @Test
    void flushedFilesHaveAPartitionedIndexAndStillAnswerPointLookups() throws Exception {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            ColumnFamilyHandle cf = store.handle(ColumnFamily.PEER_CACHE);
            byte[] value = new byte[80];
            for (int from = 0; from < KEYS; from += 10_000) {
                try (WriteBatch batch = new WriteBatch()) {
                    for (int i = from; i < from + 10_000; i++) {
                        batch.put(cf, key(i), value);
                    }
                    store.writeUnsynced(batch);
                }
            }
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                store.db().flush(flush, cf);
            }

            Map<String, TableProperties> files = store.db().getPropertiesOfAllTables(cf);
            assertThat(files).isNotEmpty();
            for (TableProperties file : files.values()) {
                // two-level index: a top-level index over partitions, and more than one partition
                assertThat(file.getIndexPartitions()).as("index partitions").isGreaterThan(1);
                assertThat(file.getTopLevelIndexSize()).as("top-level index bytes").isPositive();
                assertThat(file.getFilterSize()).as("filter bytes").isPositive();
            }

            List<byte[]> asked = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                asked.add(key(i * 59));         // stored
                asked.add(key(KEYS + i));       // never stored
            }
            List<byte[]> found = store.db().multiGetAsList(store.defaultRead(), Collections.nCopies(asked.size(), cf), asked);
            for (int i = 0; i < asked.size(); i++) {
                assertThat(found.get(i) != null).as("key %d found", i).isEqualTo(i % 2 == 0);
            }
        }
    }

    private static byte[] key(int i) {
        return String.format("MY-ORIGIN\u0000%032x", (long) i * 0x9E3779B97F4A7C15L).getBytes(StandardCharsets.US_ASCII);
    }
}
