package org.jaring.node;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PeerIdentityInterceptor;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.Role;
import org.jaring.core.trust.TlsContexts;
import org.jaring.core.trust.TrustDecisionListener;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.v1.AddPeerRequest;
import org.jaring.v1.PeerServiceGrpc;

/**
 * A peer that behaves as the test tells it, behind real mutual TLS: its own national CA, node certificate and
 * trust store from the project's PKI code, pinned by (and pinning) a {@link RunningNode}. It serves a given
 * PeerService implementation and can call the running node's peer listener as a client.
 */
public final class FakePeer implements AutoCloseable {
    public final NodeId id;
    public final NationalCa ca;
    public final IssuedCertificate nodeCert;
    public final KeySource keys;
    public final TrustStore trust;
    private Server server;
    private ManagedChannel channel;

    public FakePeer(Path dir, String nodeId, RunningNode counterpart) {
        try {
            id = NodeId.of(nodeId);
            ca = NationalCa.create(id);
            nodeCert = ca.issueNode(Duration.ofDays(1));
            keys = KeySource.of(nodeCert);
            trust = TrustStore.create(dir, id, ca.certificate(), Clock.systemUTC());
            var theirCa =
                    PemFiles.readCertificates(counterpart.home.caCertificate()).get(0);
            trust.addPeer(
                    NodeId.of(counterpart.id()),
                    theirCa,
                    Fingerprints.sha256(theirCa),
                    counterpart.peerEndpoint(),
                    Set.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code service} on a loopback port, as a peer listener (node certificates only). */
    public FakePeer serve(BindableService service) throws IOException {
        TrustVerifier verifier = new TrustVerifier(trust, Clock.systemUTC(), TrustDecisionListener.NONE);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(TlsContexts.server("peer", EnumSet.of(Role.PEER_NODE), trust, verifier, keys))
                .addService(ServerInterceptors.intercept(
                        service, new PeerIdentityInterceptor("peer", EnumSet.of(Role.PEER_NODE), verifier)))
                .build()
                .start();
        return this;
    }

    public String endpoint() {
        return "127.0.0.1:" + (server == null ? 1 : server.getPort());
    }

    /** {@code node} pins this peer's CA (as its admin would after comparing fingerprints). */
    public void pinnedBy(RunningNode node) {
        node.admin()
                .addPeer(AddPeerRequest.newBuilder()
                        .setNodeId(id.value())
                        .setCaCertificatePem(PemFiles.toPem(ca.certificate()))
                        .setEndpoint(endpoint())
                        .setConfirmedFingerprint(Fingerprints.sha256(ca.certificate()))
                        .build());
    }

    /** A peer-service client from this peer to {@code node}'s peer listener. */
    public PeerServiceGrpc.PeerServiceBlockingStub callerOf(RunningNode node) {
        try {
            if (channel == null) {
                channel = NettyChannelBuilder.forAddress(
                                "127.0.0.1",
                                Integer.parseInt(node.peerEndpoint().split(":")[1]))
                        .sslContext(TlsContexts.client(keys, NodeId.of(node.id()), trust))
                        .build();
            }
            return PeerServiceGrpc.newBlockingStub(channel).withInterceptors(CallDeadline.each(60, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }
}
