package org.jaring.core.failure;

/** What the request names does not exist (or the asker may not know that it does): NOT_FOUND. */
public final class NotFoundException extends JaringException {
    public NotFoundException(String message) {
        super(message);
    }
}
