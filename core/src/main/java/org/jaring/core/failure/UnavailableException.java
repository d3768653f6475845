package org.jaring.core.failure;

/** The node cannot serve right now (store closing, shutting down): UNAVAILABLE, worth retrying later. */
public final class UnavailableException extends JaringException {
    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
