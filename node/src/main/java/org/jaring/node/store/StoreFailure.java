package org.jaring.node.store;

import org.jaring.core.failure.StorageException;
import org.jaring.core.failure.StorageFault;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * A RocksDB failure that the store has classified and described for the operator: its message names the data
 * folder and, for a full disk, the space left. Thrown where RocksDB's own exception was, so every table's
 * {@code new StorageException(what, e)} carries the kind to the status mapper.
 */
public final class StoreFailure extends RocksDBException implements StorageFault {
    private static final long serialVersionUID = 1L;

    private final StorageException.Kind kind;

    StoreFailure(String message, Status status, StorageException.Kind kind, RocksDBException cause) {
        super(message, status);
        this.kind = kind;
        if (cause != null) {
            initCause(cause);
        }
    }

    @Override
    public StorageException.Kind kind() {
        return kind;
    }

    /** What a RocksDB status means for the operator. */
    static StorageException.Kind classify(RocksDBException e) {
        Status status = e.getStatus();
        String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        Status.Code code = status == null ? null : status.getCode();
        if (code == Status.Code.Corruption || text.contains("checksum mismatch") || text.contains("corruption")) {
            return StorageException.Kind.CORRUPTION;
        }
        if ((status != null && status.getSubCode() == Status.SubCode.NoSpace)
                || text.contains("no space left")
                || text.contains("max allowed space")
                || text.contains("disk quota")) {
            return StorageException.Kind.NO_SPACE;
        }
        if (text.contains("read-only file system") || text.contains("permission denied")) {
            return StorageException.Kind.READ_ONLY;
        }
        if (code == Status.Code.IOError || text.contains("io error") || text.contains("background error")) {
            return StorageException.Kind.IO_ERROR;
        }
        return StorageException.Kind.OTHER;
    }
}
