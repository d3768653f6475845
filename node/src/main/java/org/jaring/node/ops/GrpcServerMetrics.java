package org.jaring.node.ops;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Counts and times every call a listener takes, per service, method and status code
 * ({@code jaring_grpc_server_calls_seconds}). Installed outermost, so calls refused by the identity
 * interceptor are counted too (code PERMISSION_DENIED or UNAUTHENTICATED).
 */
public final class GrpcServerMetrics implements ServerInterceptor {
    static final String NAME = "jaring.grpc.server.calls";

    private final MeterRegistry registry;
    private final String listener;

    public GrpcServerMetrics(MeterRegistry registry, String listener) {
        this.registry = registry;
        this.listener = listener;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        long start = System.nanoTime();
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        ServerCall<Q, R> timed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                record(method, status, System.nanoTime() - start);
                super.close(status, trailers);
            }
        };
        return next.startCall(timed, headers);
    }

    private void record(MethodDescriptor<?, ?> method, Status status, long nanos) {
        Timer.builder(NAME)
                .description("gRPC calls taken by this node's listeners")
                .tag("listener", listener)
                .tag("service", String.valueOf(method.getServiceName()))
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
