package org.jaring.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jaring.core.failure.StorageException;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * RocksDB's failures as the operator reads them. Before, every failure to open said "is another node process
 * using this data folder?", a read-only disk included.
 */
class StoreFailureClassifyTest {
    private static RocksDBException io(String message) {
        return new RocksDBException(message, new Status(Status.Code.IOError, Status.SubCode.None, message));
    }

    @Test
    void kindsFollowRocksDbStatuses() {
        assertThat(StoreFailure.classify(io("IO error: No space left on device: While appending to file: 000012.log")))
                .isEqualTo(StorageException.Kind.NO_SPACE);
        assertThat(StoreFailure.classify(io("Max allowed space was reached")))
                .isEqualTo(StorageException.Kind.NO_SPACE);
        assertThat(StoreFailure.classify(
                        io("IO error: While open a file for appending: 000013.log: Read-only file" + " system")))
                .isEqualTo(StorageException.Kind.READ_ONLY);
        assertThat(StoreFailure.classify(new RocksDBException(
                        "block checksum mismatch", new Status(Status.Code.Corruption, Status.SubCode.None, ""))))
                .isEqualTo(StorageException.Kind.CORRUPTION);
        assertThat(StoreFailure.classify(io("IO error: Input/output error"))).isEqualTo(StorageException.Kind.IO_ERROR);
    }

    @Test
    void aReadOnlyFolderIsNotBlamedOnAnotherProcess() {
        Path data = Path.of("/srv/jaring/data");
        String readOnly = RocksStore.openFailure(
                data, io("IO error: While open a file for appending: /srv/jaring/data/LOCK: Read-only file system"));
        assertThat(readOnly)
                .contains("/srv/jaring/data")
                .contains("remount the disk read-write")
                .doesNotContain("another node process");
        String locked = RocksStore.openFailure(
                data, io("IO error: While lock file: /srv/jaring/data/LOCK: Resource temporarily unavailable"));
        assertThat(locked).contains("another node process is using this data folder");
    }
}
