package org.jaring.bench;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.EnumSet;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.NodeKeys;
import org.jaring.core.trust.PeerIdentityInterceptor;
import org.jaring.core.trust.Role;
import org.jaring.core.trust.TlsContexts;
import org.jaring.core.trust.TlsSettings;
import org.jaring.core.trust.TrustDecisionListener;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustVerifier;

/**
 * The peer listener's mutual TLS for the benchmark's own servers (echo, responder copies): served with the
 * answering node's key and trust store through {@link TlsContexts}, with its configured provider, and called
 * with the asking node's key as a peer would, so a baseline differs from the real listener only in what it serves.
 */
final class BenchTls {
    private BenchTls() {}

    /**
     * A server on 127.0.0.1 for {@code service}; with {@code identify}, behind the same identity interceptor as
     * the peer listener (the service then learns who calls from the verified certificate).
     */
    static Server serve(BenchNode answering, ServerServiceDefinition service, boolean identify) throws IOException {
        NodeConfig a = NodeConfigLoader.load(answering.home.config());
        TrustStore trust = TrustStore.open(a.tls().trustDir(), Clock.systemUTC());
        KeySource keys =
                NodeKeys.load(a.tls().nodeCertificate(), a.tls().nodeKey(), null, trust.snapshot(), Clock.systemUTC());
        TrustVerifier verifier = new TrustVerifier(trust, Clock.systemUTC(), TrustDecisionListener.NONE);
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(TlsContexts.server("bench", EnumSet.of(Role.PEER_NODE), trust, verifier, keys, tls(a)))
                .maxInboundMessageSize(a.limits().maxMessageBytes());
        b.addService(
                identify
                        ? ServerInterceptors.intercept(
                                service, new PeerIdentityInterceptor("bench", EnumSet.of(Role.PEER_NODE), verifier))
                        : service);
        return b.build().start();
    }

    /** A channel from {@code asking} to {@code answering}'s bench server on {@code port}. */
    static ManagedChannel channel(BenchNode asking, BenchNode answering, int port) throws IOException {
        NodeConfig q = NodeConfigLoader.load(asking.home.config());
        TrustStore trust = TrustStore.open(q.tls().trustDir(), Clock.systemUTC());
        KeySource keys =
                NodeKeys.load(q.tls().nodeCertificate(), q.tls().nodeKey(), null, trust.snapshot(), Clock.systemUTC());
        return NettyChannelBuilder.forAddress("127.0.0.1", port)
                .sslContext(TlsContexts.client(
                        keys,
                        NodeId.of(answering.nodeId),
                        new TrustVerifier(trust, Clock.systemUTC(), TrustDecisionListener.NONE),
                        tls(q)))
                .maxInboundMessageSize(q.limits().maxMessageBytes())
                .build();
    }

    private static TlsSettings tls(NodeConfig c) {
        return TlsSettings.of(TlsSettings.Provider.valueOf(c.tls().provider()));
    }
}
