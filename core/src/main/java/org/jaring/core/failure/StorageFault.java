package org.jaring.core.failure;

/**
 * A store failure that already knows what went wrong on disk (the node's store classifies RocksDB's status
 * codes): {@link StorageException} takes its kind from the first such cause in its chain.
 */
public interface StorageFault {
    StorageException.Kind kind();
}
