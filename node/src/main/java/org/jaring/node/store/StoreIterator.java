package org.jaring.node.store;

import java.util.concurrent.locks.Lock;
import org.rocksdb.RocksIterator;

/**
 * A RocksDB iterator that keeps its store open until it is closed: {@link RocksStore#close()} waits for it. Why:
 * a RocksDB iterator used after its database was closed reads freed memory and crashes the whole JVM; a gRPC call
 * whose client went away keeps running on its thread after the listener stopped, and did exactly that.
 * Use it in try-with-resources on one thread, as a RocksIterator.
 */
public final class StoreIterator implements AutoCloseable {
    private final RocksIterator it;
    private final Lock open;
    private boolean closed;

    StoreIterator(RocksIterator it, Lock open) {
        this.it = it;
        this.open = open;
    }

    public boolean isValid() {
        return it.isValid();
    }

    public void seekToFirst() {
        it.seekToFirst();
    }

    public void seekToLast() {
        it.seekToLast();
    }

    public void seek(byte[] target) {
        it.seek(target);
    }

    public void seekForPrev(byte[] target) {
        it.seekForPrev(target);
    }

    public void next() {
        it.next();
    }

    public void prev() {
        it.prev();
    }

    public byte[] key() {
        return it.key();
    }

    public byte[] value() {
        return it.value();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            it.close();
        } finally {
            open.unlock();
        }
    }
}
