package org.jaring.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.failure.UnavailableException;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** Writes applied first and synced in a shared group commit: nothing acknowledged is lost or read too early. */
class GroupCommitTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;

    private static List<Indicator> batch(String caseId, int writer, int n, int size) {
        List<Indicator> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(Indicator.newBuilder()
                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                    .setCaseId(caseId)
                    .setValue("w" + writer + "-b" + n + "-" + i + ".example")
                    .build());
        }
        return out;
    }

    @Test
    void concurrentWritersAreAllDurableInOrderAndTheFeedHasNoGaps() throws Exception {
        int writers = 6;
        int batchesEach = 40;
        int size = 50;
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            IndicatorTable table = new IndicatorTable(store);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<List<CompletableFuture<Void>>>> all = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                all.add(pool.submit(() -> {
                    // A writer does not wait for its fsyncs before writing again, as a pipelined stream does.
                    List<CompletableFuture<Void>> pending = new ArrayList<>();
                    for (int n = 0; n < batchesEach; n++) {
                        IndicatorTable.PendingPut p =
                                table.putAsync("case-" + writer, batch("case-" + writer, writer, n, size), NOW);
                        assertThat(p.result().created()).isEqualTo(size);
                        pending.add(p.durable());
                    }
                    return pending;
                }));
            }
            for (Future<List<CompletableFuture<Void>>> f : all) {
                for (CompletableFuture<Void> durable : f.get()) {
                    RocksStore.awaitDurable(durable);
                }
            }
            pool.shutdown();
            long total = (long) writers * batchesEach * size;
            FeedLog feed = table.feed();
            assertThat(feed.head()).isEqualTo(total);
            List<FeedLog.Change> changes = feed.read(0, (int) total + 10);
            assertThat(changes).hasSize((int) total);
            for (int i = 0; i < changes.size(); i++) {
                assertThat(changes.get(i).sequence()).isEqualTo(i + 1);
            }
            for (int w = 0; w < writers; w++) {
                assertThat(table.listCase("case-" + w, NOW)).hasSize(batchesEach * size);
            }
        }
        try (RocksStore reopened = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            assertThat(new IndicatorTable(reopened).feed().head()).isEqualTo((long) writers * batchesEach * size);
        }
    }

    @Test
    void theFeedShowsPeersOnlyWhatIsOnDisk() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            IndicatorTable table = new IndicatorTable(store);
            table.put("case-1", batch("case-1", 0, 0, 3));
            FeedLog feed = table.feed();
            // An entry appended and applied but not yet reported durable stays invisible to readers.
            try (WriteBatch b = new WriteBatch()) {
                feed.append(b, "case-1", IndicatorType.INDICATOR_TYPE_DOMAIN, "late.example");
                store.writeUnsynced(b);
            } catch (RocksDBException e) {
                throw new AssertionError(e);
            }
            assertThat(feed.head()).isEqualTo(3);
            assertThat(feed.read(0, 100)).hasSize(3);
            feed.markDurable(feed.appended());
            assertThat(feed.read(0, 100))
                    .extracting(FeedLog.Change::value)
                    .last()
                    .isEqualTo("late.example");
        }
    }

    @Test
    void aWriteAfterCloseIsRefusedNotLost() throws Exception {
        RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults());
        IndicatorTable table = new IndicatorTable(store);
        table.put("case-1", batch("case-1", 0, 0, 2));
        store.close();
        assertThatThrownBy(() -> table.put("case-1", batch("case-1", 0, 1, 2)))
                .isInstanceOf(UnavailableException.class);
    }
}
