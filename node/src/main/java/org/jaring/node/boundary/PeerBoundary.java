package org.jaring.node.boundary;

import io.grpc.BindableService;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jaring.core.config.PeerBudgets;
import org.jaring.core.failure.LimitExceededException;
import org.jaring.core.failure.PermissionDeniedException;
import org.jaring.core.failure.Violations;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.node.api.GrpcErrors;

/**
 * The one place every call from another state passes before feature code sees it. It runs after the identity
 * interceptor, so the peer is the node ID of its verified certificate, and for the method called it applies, in
 * this order: that peer's concurrent-call cap, its call budget for the method, its byte budget, the caps of the
 * request's fields ({@link PeerMethods}), and its values budget for the method. A refusal is a status from
 * {@link GrpcErrors} (RESOURCE_EXHAUSTED with the delay after which the call would pass, or INVALID_ARGUMENT
 * naming the field), counted in {@code jaring.peer.refused}; nothing of the request reaches feature code.
 *
 * <p>Budgets are per peer, so a peer that floods is refused while every other peer keeps its whole budget. They
 * live in memory and start full, so a restart gives every peer one burst again; that is what a burst is for.
 */
public final class PeerBoundary implements ServerInterceptor {
    private final Map<String, PeerMethods.Rule> rules;
    private final PeerBudgets budgets;
    private final LongSupplier nanoTime;
    private final MeterRegistry metrics;
    private final Map<String, PeerState> peers = new ConcurrentHashMap<>();

    public PeerBoundary(PeerBudgets budgets, int maxBatchValues, MeterRegistry metrics) {
        this(budgets, maxBatchValues, metrics, System::nanoTime);
    }

    PeerBoundary(PeerBudgets budgets, int maxBatchValues, MeterRegistry metrics, LongSupplier nanoTime) {
        this.rules = PeerMethods.rules(maxBatchValues);
        this.budgets = budgets;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    /**
     * {@code service} with every method behind this boundary. Refuses (at start-up) a service with a method that
     * has no rule: a method nobody thought about is never served to a peer.
     */
    public BindableService guard(BindableService service) {
        ServerServiceDefinition definition = service.bindService();
        List<String> unguarded = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> m : definition.getMethods()) {
            if (!rules.containsKey(m.getMethodDescriptor().getFullMethodName())) {
                unguarded.add(m.getMethodDescriptor().getFullMethodName());
            }
        }
        if (!unguarded.isEmpty()) {
            throw new IllegalStateException("peer methods without a rule in PeerMethods: " + unguarded);
        }
        ServerServiceDefinition guarded = ServerInterceptors.intercept(definition, this);
        return () -> guarded;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        PeerMethods.Rule rule = rules.get(method);
        PeerIdentity caller = PeerIdentity.CONTEXT_KEY.get();
        if (rule == null || caller == null) {
            // Only a wiring mistake gets here (guard() refuses unknown methods; the identity interceptor runs
            // first): fail closed.
            return refuse(
                    call,
                    caller == null ? "unknown" : caller.nodeId().value(),
                    rule == null ? "unknown" : rule.key(),
                    "wiring",
                    new PermissionDeniedException("this method is not open to peers"));
        }
        String peer = caller.nodeId().value();
        PeerState state = peers.computeIfAbsent(peer, p -> new PeerState(p, budgets, nanoTime.getAsLong()));
        if (!state.enter(budgets.concurrentCalls())) {
            return refuse(
                    call,
                    peer,
                    rule.key(),
                    "concurrent_calls",
                    new LimitExceededException(
                            "peer_budgets.concurrent_calls: at most " + budgets.concurrentCalls()
                                    + " calls of one peer at once; wait for one to finish",
                            Duration.ofSeconds(1)));
        }
        AtomicBoolean left = new AtomicBoolean();
        Runnable leave = () -> {
            if (left.compareAndSet(false, true)) {
                state.leave();
            }
        };
        LimitExceededException overCalls =
                spend(state.calls(rule.key()), 1, "peer_budgets." + rule.key() + ".calls_per_second", "calls");
        if (overCalls != null) {
            leave.run();
            return refuse(call, peer, rule.key(), "calls", overCalls);
        }
        ServerCall<Q, R> leaving = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                leave.run();
                super.close(status, trailers);
            }
        };
        return new Guarded<>(next.startCall(leaving, headers), leaving, rule, state, leave);
    }

    /** Holds the request back until it has passed the byte budget, the field caps and the values budget. */
    private final class Guarded<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final ServerCall<Q, R> call;
        private final PeerMethods.Rule rule;
        private final PeerState state;
        private final Runnable leave;
        private boolean refused;

        Guarded(
                ServerCall.Listener<Q> delegate,
                ServerCall<Q, R> call,
                PeerMethods.Rule rule,
                PeerState state,
                Runnable leave) {
            super(delegate);
            this.call = call;
            this.rule = rule;
            this.state = state;
            this.leave = leave;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            String reason = null;
            RuntimeException failure =
                    spend(state.bytes(), PeerMethods.bytes(message), "peer_budgets.bytes_per_second", "request bytes");
            if (failure != null) {
                reason = "bytes";
            } else {
                failure = checkFields(message);
                reason = "invalid";
            }
            if (failure == null) {
                int values = rule.values().applyAsInt(message);
                if (values > rule.maxValuesPerCall()) {
                    failure = new LimitExceededException(values + " values in one call; this node accepts at most "
                            + rule.maxValuesPerCall() + ": split the batch");
                } else {
                    failure = spend(
                            state.values(rule.key()),
                            values,
                            "peer_budgets." + rule.key() + ".values_per_second",
                            "values");
                }
                reason = "values";
            }
            if (failure != null) {
                refused = true;
                closeRefused(call, state.peer, rule.key(), reason, failure);
                return;
            }
            super.onMessage(message);
        }

        private RuntimeException checkFields(Q message) {
            Violations v = new Violations();
            rule.caps().accept(message, v);
            try {
                v.throwIfAny();
                return null;
            } catch (RuntimeException invalid) {
                return invalid;
            }
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            leave.run();
            super.onCancel();
        }

        @Override
        public void onComplete() {
            leave.run();
            super.onComplete();
        }
    }

    /** Null if {@code n} was taken from {@code bucket}; else the refusal, with the delay after which it would pass. */
    private LimitExceededException spend(TokenBucket bucket, double n, String setting, String what) {
        if (bucket == null || n == 0) {
            return null;
        }
        long waitNanos = bucket.take(n, nanoTime.getAsLong());
        if (waitNanos == 0) {
            return null;
        }
        Duration wait = waitNanos == Long.MAX_VALUE ? null : Duration.ofNanos(waitNanos);
        return new LimitExceededException(
                setting + ": this peer has used its budget of " + what
                        + (wait == null
                                ? "; this call is larger than the budget ever allows"
                                : "; retry in " + Math.max(1, wait.toMillis()) + " ms"),
                wait);
    }

    private <Q, R> ServerCall.Listener<Q> refuse(
            ServerCall<Q, R> call, String peer, String method, String reason, RuntimeException failure) {
        closeRefused(call, peer, method, reason, failure);
        return new ServerCall.Listener<>() {};
    }

    private void closeRefused(
            ServerCall<?, ?> call, String peer, String method, String reason, RuntimeException failure) {
        metrics.counter("jaring.peer.refused", "peer", peer, "method", method, "reason", reason)
                .increment();
        StatusRuntimeException status = GrpcErrors.toStatus(failure);
        call.close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
    }

    /** One peer's buckets and calls in progress. */
    private static final class PeerState {
        private final String peer;
        private final Map<String, TokenBucket> calls = new ConcurrentHashMap<>();
        private final Map<String, TokenBucket> values = new ConcurrentHashMap<>();
        private final TokenBucket bytes;
        private int active;

        PeerState(String peer, PeerBudgets budgets, long now) {
            this.peer = peer;
            budgets.methods().forEach((key, b) -> {
                calls.put(key, new TokenBucket(b.calls(), now));
                if (!b.values().unlimited()) {
                    values.put(key, new TokenBucket(b.values(), now));
                }
            });
            this.bytes = new TokenBucket(budgets.bytes(), now);
        }

        TokenBucket calls(String key) {
            return calls.get(key);
        }

        TokenBucket values(String key) {
            return values.get(key);
        }

        TokenBucket bytes() {
            return bytes;
        }

        synchronized boolean enter(int max) {
            if (active >= max) {
                return false;
            }
            active++;
            return true;
        }

        synchronized void leave() {
            active--;
        }
    }
}
