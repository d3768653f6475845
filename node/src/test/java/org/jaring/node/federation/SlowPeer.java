package org.jaring.node.federation;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PeerIdentityInterceptor;
import org.jaring.core.trust.Role;
import org.jaring.core.trust.TlsContexts;
import org.jaring.core.trust.TrustDecisionListener;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerServiceGrpc;

/**
 * A real peer behind real mutual TLS that answers lookups with an empty, unsigned answer: at once, or, when it
 * hangs, not before it is closed, whatever deadline the asker set (what a node on a congested link or a stuck
 * node looks like). Its own national CA and trust store come from the project's PKI code, like any node's.
 */
final class SlowPeer implements AutoCloseable {
    final NationalCa ca;
    private final Server server;
    private final CountDownLatch closing = new CountDownLatch(1);

    SlowPeer(Path dir, String nodeId, boolean hangs, X509Holder trusted) throws Exception {
        ca = NationalCa.create(NodeId.of(nodeId));
        TrustStore trust = TrustStore.create(dir, NodeId.of(nodeId), ca.certificate(), Clock.systemUTC());
        trust.addPeer(trusted.nodeId(), trusted.ca(), Fingerprints.sha256(trusted.ca()), "127.0.0.1:1", Set.of());
        IssuedCertificate cert = ca.issueNode(Duration.ofDays(1));
        KeySource keys = KeySource.of(cert);
        TrustVerifier verifier = new TrustVerifier(trust, Clock.systemUTC(), TrustDecisionListener.NONE);
        PeerServiceGrpc.PeerServiceImplBase slow = new PeerServiceGrpc.PeerServiceImplBase() {
            @Override
            public void lookup(PeerLookupRequest request, StreamObserver<PeerLookupResponse> responses) {
                if (hangs) {
                    try {
                        closing.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (((ServerCallStreamObserver<PeerLookupResponse>) responses).isCancelled()) {
                        return; // the asker gave up at its deadline, as it should
                    }
                }
                responses.onNext(PeerLookupResponse.getDefaultInstance());
                responses.onCompleted();
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(TlsContexts.server("peer", EnumSet.of(Role.PEER_NODE), trust, verifier, keys))
                .addService(ServerInterceptors.intercept(
                        slow, new PeerIdentityInterceptor("peer", EnumSet.of(Role.PEER_NODE), verifier)))
                .build()
                .start();
    }

    String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    record X509Holder(NodeId nodeId, X509Certificate ca) {}

    @Override
    public void close() {
        closing.countDown();
        server.shutdownNow();
    }
}
