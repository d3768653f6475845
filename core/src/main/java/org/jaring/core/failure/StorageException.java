package org.jaring.core.failure;

/**
 * The store failed underneath a request. Nothing was acknowledged. Its {@link Kind} says what failed, so the
 * status names the disk instead of reading as a bug: a full disk is RESOURCE_EXHAUSTED, a corrupted block
 * DATA_LOSS, the rest UNAVAILABLE (worth retrying once the operator has acted).
 */
public final class StorageException extends JaringException {
    /** What failed underneath. */
    public enum Kind {
        /** The data folder's disk is full, or the store's space limit is reached. */
        NO_SPACE,
        /** The data folder cannot be written (mounted read-only, permissions). */
        READ_ONLY,
        /** A stored block failed its checksum: the data on disk is damaged. */
        CORRUPTION,
        /** Any other I/O error or a RocksDB background error. */
        IO_ERROR,
        /** Not classified (an unexpected store status). */
        OTHER
    }

    private final Kind kind;

    public StorageException(String message, Throwable cause) {
        this(message, cause, kindOf(cause));
    }

    public StorageException(String message, Throwable cause, Kind kind) {
        super(message + ": " + (cause == null ? "no detail" : cause.getMessage()), cause);
        this.kind = kind == null ? Kind.OTHER : kind;
    }

    public Kind kind() {
        return kind;
    }

    private static Kind kindOf(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof StorageFault fault) {
                return fault.kind();
            }
            if (t instanceof StorageException inner) {
                return inner.kind();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Kind.OTHER;
    }
}
