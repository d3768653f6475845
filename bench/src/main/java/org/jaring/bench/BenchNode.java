package org.jaring.bench;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.core.config.PeerBudgets;
import org.jaring.core.setup.NodeHome;
import org.jaring.core.setup.NodeInit;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.PemFiles;
import org.jaring.node.server.JaringNode;
import org.jaring.v1.AddPeerRequest;
import org.jaring.v1.AdminServiceGrpc;
import org.jaring.v1.NationalServiceGrpc;

/**
 * A real node for the benchmarks: a home made by {@code node init} on 127.0.0.1 with ephemeral ports, its limits
 * raised (see {@link #LIMITS}), run in this process, with mutual-TLS clients for an analyst and the admin.
 */
final class BenchNode implements AutoCloseable {
    /** The generated node.yaml's limits, raised so that the benchmark measures work rather than refusals. */
    static final String LIMITS = "limits.max_message_bytes 64 MiB (default 4 MiB), limits.max_batch_values 10000"
            + " (default), every peer_budgets rate and burst 100,000,000, concurrent_calls 10,000 and"
            + " blind.evaluations_per_day 100,000,000 (defaults in"
            + " docs/operations.md; the flood benchmark keeps them)";
    /** Budgets so high that no benchmark is refused; the boundary still checks every call against them. */
    private static final String RAISED_BUDGETS = PeerBudgets.uniformYaml(100_000_000, 10_000);

    final NodeHome home;
    final String nodeId;
    private JaringNode node;
    private ManagedChannel national;
    private ManagedChannel admin;

    private BenchNode(NodeHome home, String nodeId) {
        this.home = home;
        this.nodeId = nodeId;
    }

    static BenchNode create(Path root, String nodeId) throws IOException {
        return create(root, nodeId, null, 0);
    }

    /**
     * {@code tlsProvider} (BCJSSE or JDK) replaces node init's choice of tls.provider (null keeps it);
     * {@code store.block_cache_mb} is set when {@code blockCacheMb > 0}.
     */
    static BenchNode create(Path root, String nodeId, String tlsProvider, long blockCacheMb) throws IOException {
        return create(root, nodeId, tlsProvider, blockCacheMb, true);
    }

    /**
     * As above; {@code raiseBudgets} false keeps the shipped limits and peer budgets as node init writes them (what
     * the flood benchmark measures).
     */
    static BenchNode create(Path root, String nodeId, String tlsProvider, long blockCacheMb, boolean raiseBudgets)
            throws IOException {
        NodeHome home = new NodeHome(root.resolve(nodeId));
        String country = nodeId.substring(0, 2);
        NodeInit.run(
                home,
                new NodeInit.Options(
                        nodeId,
                        country,
                        "Benchmark desk",
                        "+6621410000",
                        "bench@example.org",
                        List.of("en"),
                        "127.0.0.1:0",
                        "127.0.0.1:0",
                        "127.0.0.1:0",
                        "bench-admin",
                        null,
                        Duration.ofDays(365),
                        Duration.ofDays(90),
                        Duration.ofDays(30)),
                Clock.systemUTC());
        String yaml = Files.readString(home.config());
        if (raiseBudgets) {
            yaml = yaml.replace("max_message_bytes: 4194304", "max_message_bytes: " + (64 << 20))
                            .replaceAll("(?m)^peer_budgets:.*\\n(?:[ ].*\\n)*", "")
                    + RAISED_BUDGETS
                    + "blind:\n  evaluations_per_day: 100000000\n";
        }
        if (tlsProvider != null) {
            yaml = yaml.replaceFirst("provider: [A-Z]+", "provider: " + tlsProvider);
        }
        if (blockCacheMb > 0) {
            yaml += "store:\n  block_cache_mb: " + blockCacheMb + "\n";
        }
        Files.writeString(home.config(), yaml);
        NationalCa ca = NationalCa.of(
                PemFiles.readPrivateKey(home.caKey(), null),
                PemFiles.readCertificates(home.caCertificate()).get(0),
                Clock.systemUTC());
        IssuedCertificate analyst = ca.issueAnalyst("bench-analyst", Duration.ofDays(30));
        PemFiles.writeCertificates(home.clientCertificate("analyst"), List.of(analyst.chain()));
        PemFiles.writePrivateKey(home.clientKey("analyst"), analyst.privateKey(), null);
        return new BenchNode(home, nodeId);
    }

    BenchNode start() throws IOException {
        node = JaringNode.start(NodeConfigLoader.load(home.config()));
        national = OwnNodeClient.open(
                home.trustDir(),
                "127.0.0.1",
                node.nationalPort(),
                home.clientCertificate("analyst"),
                home.clientKey("analyst"),
                null);
        admin = OwnNodeClient.open(
                home.trustDir(),
                "127.0.0.1",
                node.adminPort(),
                home.clientCertificate("admin"),
                home.clientKey("admin"),
                null);
        return this;
    }

    JaringNode node() {
        return node;
    }

    String peerEndpoint() {
        return "127.0.0.1:" + node.peerPort();
    }

    NationalServiceGrpc.NationalServiceBlockingStub analyst() {
        return NationalServiceGrpc.newBlockingStub(national).withDeadlineAfter(10, TimeUnit.MINUTES);
    }

    NationalServiceGrpc.NationalServiceStub analystAsync() {
        return NationalServiceGrpc.newStub(national);
    }

    AdminServiceGrpc.AdminServiceBlockingStub admin() {
        return AdminServiceGrpc.newBlockingStub(admin).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    /** This node's admin pins {@code other}'s CA, in group {@code group}, through the admin service. */
    void trust(BenchNode other, String group) throws IOException {
        var anchor = PemFiles.readCertificates(other.home.caCertificate()).get(0);
        admin().addPeer(AddPeerRequest.newBuilder()
                .setNodeId(other.nodeId)
                .setCaCertificatePem(PemFiles.toPem(anchor))
                .setEndpoint(other.peerEndpoint())
                .addGroups(group)
                .setConfirmedFingerprint(Fingerprints.sha256(anchor))
                .build());
    }

    /** Stops the node and its clients; {@link #start} may run it again on the same home. */
    void stop() {
        if (node == null) {
            return;
        }
        national.shutdownNow();
        admin.shutdownNow();
        node.close();
        node = null;
    }

    @Override
    public void close() {
        stop();
    }
}
