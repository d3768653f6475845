package org.jaring.node.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import org.jaring.core.config.HostPort;
import org.jaring.core.config.TransportSettings;
import org.jaring.core.logging.ThrottledLog;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.PeerIdentityInterceptor;
import org.jaring.core.trust.Role;
import org.jaring.core.trust.TlsContexts;
import org.jaring.core.trust.TlsSettings;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.node.transport.CappedTlsNegotiator;
import org.jaring.node.transport.ConnectionCap;
import org.jaring.node.transport.MalformedRequests;

/**
 * One mutual-TLS listener: its address, the roles it admits, and its services behind the identity
 * interceptor, which refuses every call from a role the listener does not admit.
 */
final class Listener implements AutoCloseable {
    /** One line per listener and kind per interval at most, whatever a peer sends. */
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final String name;
    private final Server server;

    /**
     * {@code ops} adds its services (health, reflection) behind the same identity interceptor, and its call
     * metrics outermost, so refused calls are counted too. {@code transport} bounds the connections: handshake
     * time, connections per identity, calls per connection, age and idle time; every method's request is parsed
     * by a marshaller that answers a malformed message INVALID_ARGUMENT instead of throwing. {@code calls} runs the
     * handlers (the node's {@link NodeCallExecutor}).
     */
    Listener(
            String name,
            HostPort address,
            Set<Role> roles,
            List<BindableService> services,
            TrustStore trust,
            TrustVerifier verifier,
            KeySource keys,
            TlsSettings tls,
            int maxMessageBytes,
            ListenerOps ops,
            TransportSettings transport,
            Executor calls,
            MeterRegistry metrics) {
        this.name = name;
        PeerIdentityInterceptor identity = new PeerIdentityInterceptor(name, roles, verifier);
        Logger transportLog = Logger.getLogger("org.jaring.node.transport." + name);
        MalformedRequests malformed =
                new MalformedRequests(name, metrics, new ThrottledLog(transportLog, LOG_INTERVAL));
        ConnectionCap cap = new ConnectionCap(
                name, transport.maxConnectionsPerPeer(), metrics, new ThrottledLog(transportLog, LOG_INTERVAL));
        try {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(address.toSocketAddress())
                    .protocolNegotiator(
                            new CappedTlsNegotiator(TlsContexts.server(name, roles, trust, verifier, keys, tls), cap))
                    .executor(Objects.requireNonNull(calls, "calls"))
                    .maxInboundMessageSize(maxMessageBytes)
                    .permitKeepAliveTime(30, TimeUnit.SECONDS)
                    .handshakeTimeout(transport.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .maxConcurrentCallsPerConnection(transport.maxConcurrentCallsPerConnection())
                    .maxConnectionAge(transport.maxConnectionAge().toMillis(), TimeUnit.MILLISECONDS)
                    .maxConnectionAgeGrace(transport.maxConnectionAgeGrace().toMillis(), TimeUnit.MILLISECONDS)
                    .maxConnectionIdle(transport.maxConnectionIdle().toMillis(), TimeUnit.MILLISECONDS);
            List<BindableService> all = new ArrayList<>(services);
            all.addAll(ops.services());
            for (BindableService s : all) {
                builder.addService(
                        ServerInterceptors.intercept(malformed.guard(s.bindService()), identity, ops.callMetrics()));
            }
            this.server = builder.build().start();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for the " + name + " listener: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + address + " (listen." + name + "): " + e.getMessage()
                            + "; is another process using the port?",
                    e);
        }
    }

    /** What this listener serves, as bound (after every wrapping): for tests that must reach every method. */
    List<ServerServiceDefinition> services() {
        return server.getServices();
    }

    int port() {
        return server.getPort();
    }

    String name() {
        return name;
    }

    void shutdown() {
        server.shutdown();
    }

    void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
