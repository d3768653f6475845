package org.jaring.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.failure.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One changed byte in a data block of an indicators SST file. Before, {@code multiGetAsList} gave null for the
 * values in that block, the lookup answered "no hit" for acknowledged values, nothing was logged, the node started
 * on the damaged folder and a restore accepted a copy of it. Now the read fails loudly (and is counted), the
 * node refuses to start on it, and the check a restore makes refuses the copy.
 */
class StoreCorruptionTest {
    private static final String TH = "TH-CCIB";
    private static final int KEYS = 1_000;

    @TempDir
    Path dir;

    private static byte[] key(int i) {
        return String.format("value-%04d", i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aDamagedBlockIsAnErrorNeverAMiss() throws Exception {
        Path data = dir.resolve("data");
        RocksStore store = RocksStore.open(data, TH, StoreSettings.defaults());
        try {
            Random random = new Random(26);
            try (WriteBatch batch = new WriteBatch()) {
                for (int i = 0; i < KEYS; i++) {
                    byte[] value = new byte[100];
                    random.nextBytes(value); // incompressible: the first block holds only the first few dozen keys
                    batch.put(store.handle(ColumnFamily.INDICATORS), key(i), value);
                }
                store.writeSynced(batch);
            }
            store.flush();
            flipByteInFirstDataBlock(data);

            ColumnFamilyHandle cf = store.handle(ColumnFamily.INDICATORS);
            List<byte[]> damaged = List.of(key(0), key(1), key(2));
            assertThatThrownBy(() -> store.multiGet(Collections.nCopies(damaged.size(), cf), damaged))
                    .isInstanceOfSatisfying(StoreFailure.class, f -> {
                        assertThat(f.kind()).isEqualTo(StorageException.Kind.CORRUPTION);
                        assertThat(f.getMessage()).contains(data.toString()).contains("checksum");
                    });
            // As the lookup path reports it: DATA_LOSS naming the folder, not "no hit".
            StorageException asCalled = new StorageException("looking up 3 values", thrown(store, cf, damaged));
            assertThat(asCalled.kind()).isEqualTo(StorageException.Kind.CORRUPTION);
            assertThat(store.faults().corrupted()).isTrue();
            assertThat(store.faults().failures(StorageException.Kind.CORRUPTION))
                    .isPositive();
            assertThat(store.faults().problem()).contains("failed its checksum");

            // Values in intact blocks, and values never stored, still read as themselves.
            List<byte[]> intact = new ArrayList<>(List.of(key(KEYS - 1), key(KEYS - 2)));
            intact.add("never-stored".getBytes(StandardCharsets.UTF_8));
            List<byte[]> got = store.multiGet(Collections.nCopies(intact.size(), cf), intact);
            assertThat(got.get(0)).isNotNull();
            assertThat(got.get(1)).isNotNull();
            assertThat(got.get(2)).isNull();

            Path copy = dir.resolve("copy"); // what a backup of this store holds, byte for byte
            store.checkpoint(copy);
            assertThatThrownBy(() -> RocksStore.readIdentity(copy))
                    .hasMessageContaining(copy.toString())
                    .hasMessageContaining("checksum");
        } finally {
            store.close();
        }
        assertThatThrownBy(() -> RocksStore.open(data, TH, StoreSettings.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(data.toString())
                .hasMessageContaining("restore it from a backup")
                .hasMessageNotContaining("another node process");
    }

    private static RocksDBException thrown(RocksStore store, ColumnFamilyHandle cf, List<byte[]> keys) {
        try {
            store.multiGet(Collections.nCopies(keys.size(), cf), keys);
        } catch (RocksDBException e) {
            return e;
        }
        throw new AssertionError("the damaged read succeeded");
    }

    /** The SST file's first bytes are its first data block; one byte there is changed in place. */
    private static void flipByteInFirstDataBlock(Path data) throws IOException {
        Path sst;
        try (Stream<Path> files = Files.list(data)) {
            sst = files.filter(p -> p.getFileName().toString().endsWith(".sst"))
                    .max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
                    .orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(sst, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, 200);
            one.put(0, (byte) (one.get(0) ^ 0x5a));
            one.rewind();
            ch.write(one, 200);
            ch.force(true);
        }
    }
}
