package org.jaring.core.trust;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A node for tests: CA, node certificate, trust store in a temp folder, and (when started) its three listeners. */
public final class TestNode implements AutoCloseable {

    public static final Set<Role> PEER = EnumSet.of(Role.PEER_NODE);
    public static final Set<Role> NATIONAL = EnumSet.of(Role.ANALYST);
    public static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);

    public final NodeId id;
    public final NationalCa ca;
    public final IssuedCertificate nodeCert;
    public final KeySource keys;
    public final TrustStore store;
    public final List<TrustDecision> decisions = new CopyOnWriteArrayList<>();
    public final TrustVerifier verifier;
    /** The identity the health service saw in its Context on the last accepted call. */
    public final AtomicReference<PeerIdentity> seen = new AtomicReference<>();

    private final List<Server> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    public int peerPort;
    public int nationalPort;
    public int adminPort;

    public TestNode(String id, Path dir) throws Exception {
        this.id = NodeId.of(id);
        this.ca = NationalCa.create(this.id);
        this.nodeCert = ca.issueNode(Duration.ofDays(90));
        this.keys = KeySource.of(nodeCert);
        this.store = TrustStore.create(dir.resolve(id), this.id, ca.certificate(), Clock.systemUTC());
        this.verifier = new TrustVerifier(store, Clock.systemUTC(), decisions::add);
    }

    /** Pins {@code other}'s CA, as an admin would after comparing fingerprints. */
    public TestNode trust(TestNode other) throws Exception {
        store.addPeer(
                other.id,
                other.ca.certificate(),
                Fingerprints.display(other.ca.certificate()),
                "127.0.0.1:" + Math.max(other.peerPort, 1),
                Set.of("asean"));
        return this;
    }

    public TestNode start(TlsSettings settings) throws Exception {
        peerPort = listen("peer", PEER, settings);
        nationalPort = listen("national", NATIONAL, settings);
        adminPort = listen("admin", ADMIN, settings);
        return this;
    }

    private int listen(String name, Set<Role> roles, TlsSettings settings) throws Exception {
        HealthStatusManager health = new HealthStatusManager();
        ServerInterceptor capture = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata h, ServerCallHandler<Q, R> next) {
                seen.set(PeerIdentity.current());
                return next.startCall(call, h);
            }
        };
        Server s = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(TlsContexts.server(name, roles, store, verifier, keys, settings))
                .addService(ServerInterceptors.intercept(
                        health.getHealthService(), capture, new PeerIdentityInterceptor(name, roles, verifier)))
                .build()
                .start();
        servers.add(s);
        return s.getPort();
    }

    /** Client context for this node calling peer {@code server} (this node's verifier records the decision). */
    public SslContext clientTo(NodeId server, TlsSettings settings) throws Exception {
        return TlsContexts.client(keys, server, verifier, settings);
    }

    /** Client context for one of this node's analysts/admins calling this node. */
    public SslContext ownClient(IssuedCertificate user, TlsSettings settings) throws Exception {
        return TlsContexts.clientForOwnNode(KeySource.of(user), verifier, settings);
    }

    public ManagedChannel channel(int port, SslContext ctx) {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .sslContext(ctx)
                .build();
        channels.add(ch);
        return ch;
    }

    /** One health check; returns the status (OK or the failure). */
    public static Status check(ManagedChannel ch) {
        try {
            HealthGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    public TrustDecision lastRefusal() {
        for (int i = decisions.size() - 1; i >= 0; i--) {
            if (!decisions.get(i).accepted()) {
                return decisions.get(i);
            }
        }
        return null;
    }

    public long accepted(String listener) {
        return decisions.stream()
                .filter(d -> d.accepted() && d.listener().equals(listener))
                .count();
    }

    @Override
    public void close() {
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
        for (Server s : servers) {
            s.shutdownNow();
        }
        try {
            for (Server s : servers) {
                s.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
