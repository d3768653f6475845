package org.jaring.core.failure;

/** The node does not offer what was called (switched off in its configuration): UNIMPLEMENTED on the wire. */
public final class NotOfferedException extends JaringException {
    public NotOfferedException(String message) {
        super(message);
    }
}
