package org.jaring.node;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for each call of a stub, counted from that call. A stub's own {@code withDeadlineAfter} fixes one
 * instant for every call made with it, so a test that keeps a stub for many calls fails on a slow machine once
 * their sum passes it, though no call was slow. A call that already has a deadline keeps it.
 */
public final class CallDeadline implements ClientInterceptor {
    private final long amount;
    private final TimeUnit unit;

    private CallDeadline(long amount, TimeUnit unit) {
        this.amount = amount;
        this.unit = unit;
    }

    /** Each call made through the stub ends after {@code amount} {@code unit} at the latest. */
    public static ClientInterceptor each(long amount, TimeUnit unit) {
        return new CallDeadline(amount, unit);
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return next.newCall(method, options.getDeadline() == null ? options.withDeadlineAfter(amount, unit) : options);
    }
}
