package org.jaring.core.failure;

/**
 * Base of every failure that feature code raises on purpose. Each subclass stands for one gRPC status;
 * {@link org.jaring.node.api.GrpcErrors} is the only place that turns them into statuses. Anything else
 * that escapes a call is a bug and becomes INTERNAL without detail.
 */
public abstract class JaringException extends RuntimeException {
    protected JaringException(String message) {
        super(message, null, false, false);
    }
}
