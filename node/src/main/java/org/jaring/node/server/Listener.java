package org.jaring.node.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jaring.node.config.HostPort;
import org.jaring.node.trust.KeySource;
import org.jaring.node.trust.PeerIdentityInterceptor;
import org.jaring.node.trust.Role;
import org.jaring.node.trust.TlsContexts;
import org.jaring.node.trust.TlsSettings;
import org.jaring.node.trust.TrustStore;
import org.jaring.node.trust.TrustVerifier;

/**
 * One mutual-TLS listener: its address, the roles it admits, and its services behind the identity
 * interceptor, which refuses every call from a role the listener does not admit.
 */
final class Listener implements AutoCloseable {
    private final String name;
    private final Server server;

    Listener(String name, HostPort address, Set<Role> roles, List<BindableService> services, TrustStore trust,
             TrustVerifier verifier, KeySource keys, TlsSettings tls, int maxMessageBytes) {
        this(name, address, roles, services, trust, verifier, keys, tls, maxMessageBytes, null);
    }

    /**
     * As above, with the operations parts: {@code ops} adds its services (health, reflection) behind the same
     * identity interceptor, and its call metrics outermost, so refused calls are counted too.
     */
    Listener(String name, HostPort address, Set<Role> roles, List<BindableService> services, TrustStore trust,
             TrustVerifier verifier, KeySource keys, TlsSettings tls, int maxMessageBytes, ListenerOps ops) {
        this.name = name;
        PeerIdentityInterceptor identity = new PeerIdentityInterceptor(name, roles, verifier);
        try {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(address.toSocketAddress())
                    .sslContext(TlsContexts.server(name, roles, trust, verifier, keys, tls))
                    .maxInboundMessageSize(maxMessageBytes)
                    .permitKeepAliveTime(30, TimeUnit.SECONDS);
            List<BindableService> all = new java.util.ArrayList<>(services);
            if (ops != null) {
                all.addAll(ops.services());
            }
            for (BindableService s : all) {
                builder.addService(ops == null ? ServerInterceptors.intercept(s, identity)
                        : ServerInterceptors.intercept(s, identity, ops.callMetrics()));
            }
            this.server = builder.build().start();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for the " + name + " listener: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + " (listen." + name + "): " + e.getMessage()
                    + "; is another process using the port?", e);
        }
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

    /** The full names of the methods this listener serves (what docs/security.md's listener table must list). */
    List<String> methods() {
        return server.getServices().stream().flatMap(d -> d.getMethods().stream())
                .map(m -> m.getMethodDescriptor().getFullMethodName()).toList();
    }
}
