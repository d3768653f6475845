package org.jaring.core.failure;

/**
 * Base of every failure that feature code raises on purpose. Each subclass stands for one gRPC status;
 * {@link org.jaring.node.api.GrpcErrors} is the only place that turns them into statuses. Anything else
 * that escapes a call is a bug and becomes INTERNAL without detail.
 */
public abstract class JaringException extends RuntimeException {
    protected JaringException(String message) {
        this(message, null);
    }

    /**
     * With the failure underneath (kept for the log, never sent). The cause is given to the constructor, never
     * set later: {@code initCause} after a constructor that named a (null) cause throws "Can't overwrite cause",
     * which once turned every storage failure into an INTERNAL "bug".
     */
    protected JaringException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
