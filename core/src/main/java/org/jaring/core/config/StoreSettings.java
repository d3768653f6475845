package org.jaring.core.config;

/** Memory the store may use; defaults fit a 2 GB machine. */
public record StoreSettings(long blockCacheBytes, long writeBufferBytes) {
    public static StoreSettings defaults() {
        return new StoreSettings(64L << 20, 32L << 20);
    }
}
