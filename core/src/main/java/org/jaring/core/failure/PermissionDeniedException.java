package org.jaring.core.failure;

/** The caller is known but may not do this: PERMISSION_DENIED. */
public final class PermissionDeniedException extends JaringException {
    public PermissionDeniedException(String message) {
        super(message);
    }
}
