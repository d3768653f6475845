package org.jaring.node.ops;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Counts and times this node's outgoing calls to one peer ({@code jaring_grpc_client_calls_seconds}), per
 * method and status code: UNAVAILABLE is "unreachable", DEADLINE_EXCEEDED "timed out".
 */
public final class GrpcClientMetrics implements ClientInterceptor {
    static final String NAME = "jaring.grpc.client.calls";

    private final MeterRegistry registry;
    private final String peer;

    public GrpcClientMetrics(MeterRegistry registry, String peer) {
        this.registry = registry;
        this.peer = peer;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                long start = System.nanoTime();
                super.start(
                        new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                            @Override
                            public void onClose(Status status, Metadata trailers) {
                                record(method, status, System.nanoTime() - start);
                                super.onClose(status, trailers);
                            }
                        },
                        headers);
            }
        };
    }

    private void record(MethodDescriptor<?, ?> method, Status status, long nanos) {
        Timer.builder(NAME)
                .description("gRPC calls from this node to its peers")
                .tag("peer", peer)
                .tag("method", String.valueOf(method.getBareMethodName()))
                .tag("code", status.getCode().name())
                .serviceLevelObjectives(
                        Duration.ofMillis(5),
                        Duration.ofMillis(25),
                        Duration.ofMillis(100),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(2))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }
}
