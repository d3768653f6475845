package org.jaring.core.config;

/**
 * Memory the store may use (defaults fit a 2 GB machine), and the disk reserve kept in the data folder so that a
 * full disk still leaves room for lookups and their audit records (0: none).
 */
public record StoreSettings(long blockCacheBytes, long writeBufferBytes, long reserveBytes) {
    /** The reserve node.yaml gives when {@code store.reserve_mb} is not set. */
    public static final long DEFAULT_RESERVE_MB = 64;

    public StoreSettings(long blockCacheBytes, long writeBufferBytes) {
        this(blockCacheBytes, writeBufferBytes, 0);
    }

    /** Without a reserve: stores opened outside a configured node (tests, tools) write no ballast file. */
    public static StoreSettings defaults() {
        return new StoreSettings(64L << 20, 32L << 20, 0);
    }

    public StoreSettings withReserve(long bytes) {
        return new StoreSettings(blockCacheBytes, writeBufferBytes, bytes);
    }
}
