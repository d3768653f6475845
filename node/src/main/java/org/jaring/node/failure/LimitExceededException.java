package org.jaring.node.failure;

/** A configured limit (batch size, rate) was exceeded: RESOURCE_EXHAUSTED. The message names the limit. */
public final class LimitExceededException extends JaringException {
    public LimitExceededException(String message) {
        super(message);
    }
}
