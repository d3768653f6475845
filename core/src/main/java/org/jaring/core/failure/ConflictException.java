package org.jaring.core.failure;

/** The request is well formed but the current state forbids it (for example an illegal transition):
 *  FAILED_PRECONDITION. */
public final class ConflictException extends JaringException {
    public ConflictException(String message) {
        super(message);
    }
}
