package org.jaring.core.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Causes reach the log: a failure built with its cause keeps it, for every kind of failure. */
class JaringExceptionCauseTest {
    @Test
    void storageExceptionKeepsItsCause() {
        IOException disk = new IOException("No space left on device");
        StorageException e = new StorageException("writing case c-1", disk);
        assertThat(e.getCause()).isSameAs(disk);
        assertThat(e.getMessage()).isEqualTo("writing case c-1: No space left on device");
        assertThat(e.kind()).isEqualTo(StorageException.Kind.OTHER);
    }

    @Test
    void storageExceptionTakesTheKindOfAClassifiedCause() {
        class Full extends Exception implements StorageFault {
            Full() {
                super("the data folder is full");
            }

            @Override
            public StorageException.Kind kind() {
                return StorageException.Kind.NO_SPACE;
            }
        }
        StorageException inner = new StorageException("audit write failed", new Full());
        StorageException outer = new StorageException("the audit log stopped", inner);
        assertThat(inner.kind()).isEqualTo(StorageException.Kind.NO_SPACE);
        assertThat(outer.kind()).isEqualTo(StorageException.Kind.NO_SPACE);
        assertThat(outer.getCause()).isSameAs(inner);
    }

    @Test
    void aNullCauseIsAllowed() {
        StorageException e = new StorageException("reading", null);
        assertThat(e.getCause()).isNull();
        assertThat(e.kind()).isEqualTo(StorageException.Kind.OTHER);
    }

    @Test
    void everyFailureCanCarryACause() {
        IllegalStateException root = new IllegalStateException("root");
        JaringException custom = new JaringException("custom", root) {};
        assertThat(custom.getCause()).isSameAs(root);
        assertThat(new UnavailableException("stopping", root).getCause()).isSameAs(root);
        assertThat(new ConflictException("no").getCause()).isNull();
    }
}
