package org.jaring.node.transport;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jaring.core.logging.ThrottledLog;
import org.jaring.core.trust.PeerIdentity;

/**
 * A request that does not parse is the caller's error, answered INVALID_ARGUMENT with a short fixed text, and
 * counted; at most one WARNING line per interval says so, without a stack trace. Left to gRPC, a marshaller's
 * exception became UNKNOWN and a 25-line SEVERE stack trace for each bad message: a cheap way to flood the log.
 *
 * <p>{@link #guard} rewraps every method of a service as the listener binds it, whatever its request marshaller
 * (protobuf, or one that keeps the bytes as received), so a method added later is covered without a line for it.
 * The wrapped marshaller never throws: it hands the handler either the message or the fact that it did not parse.
 */
public final class MalformedRequests {
    public static final String METER = "jaring.transport.malformed_requests";

    private final String listener;
    private final MeterRegistry metrics;
    private final ThrottledLog log;

    public MalformedRequests(String listener, MeterRegistry metrics, ThrottledLog log) {
        this.listener = listener;
        this.metrics = metrics;
        this.log = log;
    }

    /** {@code service} with every method's request parsed by a marshaller that cannot throw. */
    public ServerServiceDefinition guard(ServerServiceDefinition service) {
        List<ServerMethodDefinition<?, ?>> guarded = new ArrayList<>();
        ServiceDescriptor old = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor =
                ServiceDescriptor.newBuilder(old.getName()).setSchemaDescriptor(old.getSchemaDescriptor());
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            ServerMethodDefinition<?, ?> g = guard(m);
            guarded.add(g);
            descriptor.addMethod(g.getMethodDescriptor());
        }
        ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(descriptor.build());
        guarded.forEach(out::addMethod);
        return out.build();
    }

    private <Q, R> ServerMethodDefinition<Parsed<Q>, R> guard(ServerMethodDefinition<Q, R> definition) {
        MethodDescriptor<Q, R> method = definition.getMethodDescriptor();
        MethodDescriptor<Parsed<Q>, R> parsing = method.toBuilder(
                        new ParsingMarshaller<>(method.getRequestMarshaller()), method.getResponseMarshaller())
                .build();
        ServerCallHandler<Q, R> handler = definition.getServerCallHandler();
        Counter malformed = Counter.builder(METER)
                .description("Requests that did not parse, answered INVALID_ARGUMENT")
                .tag("listener", listener)
                .tag("method", method.getFullMethodName())
                .register(metrics);
        return ServerMethodDefinition.create(parsing, (call, headers) -> {
            Unwrapped<Q, R> inner = new Unwrapped<>(call, method);
            return new Guarded<>(inner, handler.startCall(inner, headers), () -> {
                malformed.increment();
                PeerIdentity who = PeerIdentity.current();
                log.warn(() -> "listener " + listener + ": malformed request to " + method.getFullMethodName()
                        + " from " + (who == null ? "an unidentified caller" : who.uri())
                        + ", answered INVALID_ARGUMENT");
            });
        });
    }

    /** Hands parsed requests to the method's own listener; a malformed one ends the call instead. */
    private static final class Guarded<Q, R> extends ServerCall.Listener<Parsed<Q>> {
        private final Unwrapped<Q, R> call;
        private final ServerCall.Listener<Q> delegate;
        private final Runnable report;

        Guarded(Unwrapped<Q, R> call, ServerCall.Listener<Q> delegate, Runnable report) {
            this.call = call;
            this.delegate = delegate;
            this.report = report;
        }

        @Override
        public void onMessage(Parsed<Q> message) {
            if (call.refused) {
                return;
            }
            if (message.malformed()) {
                call.refuse();
                report.run();
                delegate.onCancel(); // the handler stops; nothing it sends any more reaches the wire
                return;
            }
            delegate.onMessage(message.value());
        }

        @Override
        public void onHalfClose() {
            if (!call.refused) {
                delegate.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            if (!call.refused) {
                delegate.onCancel();
            }
        }

        @Override
        public void onComplete() {
            if (!call.refused) {
                delegate.onComplete();
            }
        }

        @Override
        public void onReady() {
            if (!call.refused) {
                delegate.onReady();
            }
        }
    }

    /** A request as it came off the wire: the message, or null when the bytes did not parse. */
    record Parsed<Q>(Q value, boolean malformed) {}

    /** Wraps a method's own marshaller; its exceptions (any of them, whatever they say) become "malformed". */
    private static final class ParsingMarshaller<Q> implements MethodDescriptor.Marshaller<Parsed<Q>> {
        private final MethodDescriptor.Marshaller<Q> inner;

        ParsingMarshaller(MethodDescriptor.Marshaller<Q> inner) {
            this.inner = inner;
        }

        @Override
        public InputStream stream(Parsed<Q> value) {
            return inner.stream(value.value());
        }

        @Override
        public Parsed<Q> parse(InputStream stream) {
            try {
                return new Parsed<>(inner.parse(stream), false);
            } catch (RuntimeException e) {
                return new Parsed<>(null, true);
            }
        }
    }

    /** The call as the method's handler sees it: its own request type; silent once a request was refused. */
    private static final class Unwrapped<Q, R> extends ServerCall<Q, R> {
        private final ServerCall<Parsed<Q>, R> call;
        private final MethodDescriptor<Q, R> method;
        volatile boolean refused;

        Unwrapped(ServerCall<Parsed<Q>, R> call, MethodDescriptor<Q, R> method) {
            this.call = call;
            this.method = method;
        }

        void refuse() {
            refused = true;
            call.close(
                    Status.INVALID_ARGUMENT.withDescription("malformed request: the message does not parse as "
                            + method.getFullMethodName() + " expects"),
                    new Metadata());
        }

        @Override
        public void request(int numMessages) {
            if (!refused) {
                call.request(numMessages);
            }
        }

        @Override
        public void sendHeaders(Metadata headers) {
            if (!refused) {
                call.sendHeaders(headers);
            }
        }

        @Override
        public void sendMessage(R message) {
            if (!refused) {
                call.sendMessage(message);
            }
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!refused) {
                call.close(status, trailers);
            }
        }

        @Override
        public boolean isReady() {
            return !refused && call.isReady();
        }

        @Override
        public boolean isCancelled() {
            return refused || call.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            call.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            call.setCompression(compressor);
        }

        @Override
        public void setOnReadyThreshold(int numBytes) {
            call.setOnReadyThreshold(numBytes);
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return call.getSecurityLevel();
        }

        @Override
        public Attributes getAttributes() {
            return call.getAttributes();
        }

        @Override
        public String getAuthority() {
            return call.getAuthority();
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return method;
        }
    }
}
