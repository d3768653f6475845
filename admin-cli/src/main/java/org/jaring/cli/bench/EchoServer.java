package org.jaring.cli.bench;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.jaring.node.config.NodeConfig;
import org.jaring.node.config.NodeConfigLoader;
import org.jaring.node.trust.KeySource;
import org.jaring.node.trust.NodeId;
import org.jaring.node.trust.NodeKeys;
import org.jaring.node.trust.Role;
import org.jaring.node.trust.TlsContexts;
import org.jaring.node.trust.TlsSettings;
import org.jaring.node.trust.TrustDecisionListener;
import org.jaring.node.trust.TrustStore;
import org.jaring.node.trust.TrustVerifier;

/**
 * The baseline for a peer lookup: a gRPC service that does nothing but answer a fixed number of bytes, behind
 * the same mutual TLS as the peer listener (the answering node's key and trust store, {@link TlsContexts}, the
 * configured provider), called with the asking node's key as a peer would. No interceptor, no work.
 */
final class EchoServer implements AutoCloseable {
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };
    static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("bench.Echo/Echo")
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    private final Server server;
    private final ManagedChannel channel;
    private volatile byte[] reply = new byte[0];

    /** Serves with {@code answering}'s identity; the client presents {@code asking}'s node key. */
    EchoServer(BenchNode answering, BenchNode asking) throws IOException {
        NodeConfig a = NodeConfigLoader.load(answering.home.config());
        NodeConfig q = NodeConfigLoader.load(asking.home.config());
        TlsSettings tls = TlsSettings.of(TlsSettings.Provider.valueOf(a.tls().provider()));
        TrustStore serverTrust = TrustStore.open(a.tls().trustDir(), Clock.systemUTC());
        KeySource serverKeys = NodeKeys.load(a.tls().nodeCertificate(), a.tls().nodeKey(), null,
                serverTrust.snapshot(), Clock.systemUTC());
        ServerServiceDefinition echo = ServerServiceDefinition.builder("bench.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, responses) -> {
                    responses.onNext(reply);
                    responses.onCompleted();
                })).build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(TlsContexts.server("echo", EnumSet.of(Role.PEER_NODE), serverTrust,
                        new TrustVerifier(serverTrust, Clock.systemUTC(), TrustDecisionListener.NONE), serverKeys, tls))
                .maxInboundMessageSize(a.limits().maxMessageBytes())
                .addService(echo).build().start();
        TrustStore clientTrust = TrustStore.open(q.tls().trustDir(), Clock.systemUTC());
        KeySource clientKeys = NodeKeys.load(q.tls().nodeCertificate(), q.tls().nodeKey(), null,
                clientTrust.snapshot(), Clock.systemUTC());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .sslContext(TlsContexts.client(clientKeys, NodeId.of(answering.nodeId),
                        new TrustVerifier(clientTrust, Clock.systemUTC(), TrustDecisionListener.NONE), tls))
                .maxInboundMessageSize(q.limits().maxMessageBytes())
                .build();
    }

    /** Every call from now on is answered with this many bytes. */
    void replySize(int bytes) {
        reply = new byte[bytes];
    }

    byte[] call(byte[] request) {
        return ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                request);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
    }
}
