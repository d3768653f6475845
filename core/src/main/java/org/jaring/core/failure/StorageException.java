package org.jaring.core.failure;

/** The store failed underneath a request. Nothing was acknowledged; reported as UNAVAILABLE. */
public final class StorageException extends JaringException {
    public StorageException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage());
        initCause(cause);
    }
}
