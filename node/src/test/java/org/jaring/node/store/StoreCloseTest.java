package org.jaring.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.failure.UnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/**
 * Closing the store while something still reads it: a gRPC call whose client went away keeps running after its
 * listener stopped. Reading a closed RocksDB reads freed memory and kills the JVM, so close() waits for reads and
 * open iterators, and reads after it are refused.
 */
class StoreCloseTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void closeWaitsForAnOpenIteratorAndLaterReadsAreRefused() throws Exception {
        RocksStore store = RocksStore.open(dir.resolve("data"), "TH-CCIB", StoreSettings.defaults());
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < 100; i++) {
                batch.put(store.handle(ColumnFamily.CASES), bytes("case-" + i), bytes("v" + i));
            }
            store.writeSynced(batch);
        }
        CompletableFuture<Void> closing;
        int seen = 0;
        try (StoreIterator it = store.newIterator(ColumnFamily.CASES)) {
            it.seekToFirst();
            closing = CompletableFuture.runAsync(store::close);
            assertThatThrownBy(() -> closing.get(300, TimeUnit.MILLISECONDS))
                    .as("close() waits while the iterator is open")
                    .isInstanceOf(TimeoutException.class);
            for (; it.isValid(); it.next()) { // still safe to read: the database is not closed under it
                seen++;
            }
        }
        closing.get(10, TimeUnit.SECONDS);
        assertThat(seen).isEqualTo(100);
        assertThat(store.isOpen()).isFalse();
        assertThatThrownBy(() -> store.newIterator(ColumnFamily.CASES)).isInstanceOf(UnavailableException.class);
        assertThatThrownBy(() -> store.get(ColumnFamily.CASES, bytes("case-1")))
                .isInstanceOf(UnavailableException.class);
        assertThatThrownBy(() -> store.multiGet(List.of(store.handle(ColumnFamily.CASES)), List.of(bytes("case-1"))))
                .isInstanceOf(UnavailableException.class);
    }

    /**
     * A writer that outlives the node's stop (the audit log's timer, when the machine is too slow for close() to
     * wait it out) gets a refusal, never a handle whose native memory the close freed: a batch built with it
     * crashed the JVM in RocksDB's native code.
     */
    @Test
    void writesAfterTheCloseAreRefusedBeforeAnyBatchNamesAClosedHandle() throws Exception {
        RocksStore store = RocksStore.open(dir.resolve("data"), "TH-CCIB", StoreSettings.defaults());
        List<byte[][]> entries = List.<byte[][]>of(new byte[][] {bytes("k"), bytes("v")});
        store.writeUnsyncedReserved(ColumnFamily.AUDIT, entries);
        assertThat(store.get(ColumnFamily.AUDIT, bytes("k"))).isEqualTo(bytes("v"));
        store.close();
        assertThatThrownBy(() -> store.handle(ColumnFamily.AUDIT)).isInstanceOf(UnavailableException.class);
        assertThatThrownBy(() -> store.writeUnsyncedReserved(ColumnFamily.AUDIT, entries))
                .isInstanceOf(UnavailableException.class);
    }
}
