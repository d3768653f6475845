package org.jaring.bench;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jaring.node.federation.WireBytes;

/**
 * The baseline for a peer lookup: a gRPC service that does nothing but answer a fixed number of bytes, behind
 * the same mutual TLS as the peer listener ({@link BenchTls}), called with the asking node's key as a peer
 * would. No interceptor, no work.
 */
final class EchoServer implements AutoCloseable {
    /** The same pass-through marshaller that sends the node's signed answers, so both are framed alike. */
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = WireBytes.MARSHALLER;

    static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("bench.Echo/Echo")
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();

    private final Server server;
    private final ManagedChannel channel;
    private volatile byte[] reply = new byte[0];

    /** Serves with {@code answering}'s identity; the client presents {@code asking}'s node key. */
    EchoServer(BenchNode answering, BenchNode asking) throws IOException {
        ServerServiceDefinition echo = ServerServiceDefinition.builder("bench.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, responses) -> {
                    responses.onNext(reply);
                    responses.onCompleted();
                }))
                .build();
        server = BenchTls.serve(answering, echo, false);
        channel = BenchTls.channel(asking, answering, server.getPort());
    }

    /** Every call from now on is answered with this many bytes. */
    void replySize(int bytes) {
        reply = new byte[bytes];
    }

    byte[] call(byte[] request) {
        return ClientCalls.blockingUnaryCall(
                channel, ECHO, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), request);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
    }
}
