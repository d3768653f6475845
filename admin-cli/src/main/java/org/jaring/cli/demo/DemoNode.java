package org.jaring.cli.demo;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jaring.cli.demo.data.DemoMember;
import org.jaring.core.config.HostPort;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.core.setup.NodeHome;
import org.jaring.core.setup.NodeInit;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.PemFiles;
import org.jaring.node.server.JaringNode;
import org.jaring.v1.AdminServiceGrpc;
import org.jaring.v1.NationalServiceGrpc;

/** One member's node in the demo network: created with node init, run in this process, with its clients. */
final class DemoNode implements AutoCloseable {
    final DemoMember member;
    final NodeHome home;
    /** Where this node's log lines go: the node's own file in the demo's log folder. */
    private final NodeLogs logs;

    private JaringNode node;
    /** Ports of the first start, reused on a restart so that peers find the node where they pinned it. */
    private int[] ports;

    private ManagedChannel nationalChannel;
    private ManagedChannel adminChannel;

    private DemoNode(DemoMember member, NodeHome home, NodeLogs logs) {
        this.member = member;
        this.home = home;
        this.logs = logs;
    }

    /** {@code basePort} 0 gives ephemeral ports; otherwise peer, national and admin use base, base+1, base+2. */
    static DemoNode create(DemoMember m, Path root, int basePort, NodeLogs logs) throws IOException {
        NodeLogs.Scope marked = logs.attributeTo(m.nodeId());
        try {
            return createMarked(m, root, basePort, Objects.requireNonNull(logs));
        } finally {
            marked.close();
        }
    }

    private static DemoNode createMarked(DemoMember m, Path root, int basePort, NodeLogs logs) throws IOException {
        NodeHome home = new NodeHome(root.resolve(m.nodeId()));
        String host = "127.0.0.1:";
        NodeInit.run(
                home,
                new NodeInit.Options(
                        m.nodeId(),
                        m.country(),
                        m.unit(),
                        m.phone(),
                        m.email(),
                        m.languages(),
                        host + port(basePort, 0),
                        host + port(basePort, 1),
                        host + port(basePort, 2),
                        "demo-admin",
                        null,
                        Duration.ofDays(3650),
                        Duration.ofDays(90),
                        Duration.ofDays(365)),
                Clock.systemUTC());
        NationalCa ca = NationalCa.of(
                PemFiles.readPrivateKey(home.caKey(), null),
                PemFiles.readCertificates(home.caCertificate()).get(0),
                Clock.systemUTC());
        IssuedCertificate analyst = ca.issueAnalyst("demo-analyst", Duration.ofDays(30));
        PemFiles.writeCertificates(home.clientCertificate("analyst"), List.of(analyst.chain()));
        PemFiles.writePrivateKey(home.clientKey("analyst"), analyst.privateKey(), null);
        return new DemoNode(m, home, logs);
    }

    private static int port(int base, int offset) {
        return base == 0 ? 0 : base + offset;
    }

    /** Starts the node; it and every thread it starts write their log lines to its own file. */
    void start() throws IOException {
        NodeLogs.Scope marked = logs.attributeTo(id());
        try {
            startMarked();
        } finally {
            marked.close();
        }
    }

    private void startMarked() throws IOException {
        NodeConfig config = NodeConfigLoader.load(home.config());
        if (ports != null) {
            config = config.withListen(new NodeConfig.Listen(
                    new HostPort("127.0.0.1", ports[0]),
                    new HostPort("127.0.0.1", ports[1]),
                    new HostPort("127.0.0.1", ports[2])));
        }
        node = JaringNode.start(config);
        ports = new int[] {node.peerPort(), node.nationalPort(), node.adminPort()};
        nationalChannel = OwnNodeClient.open(
                home.trustDir(),
                "127.0.0.1",
                node.nationalPort(),
                home.clientCertificate("analyst"),
                home.clientKey("analyst"),
                null);
        adminChannel = OwnNodeClient.open(
                home.trustDir(),
                "127.0.0.1",
                node.adminPort(),
                home.clientCertificate("admin"),
                home.clientKey("admin"),
                null);
    }

    boolean running() {
        return node != null;
    }

    String id() {
        return member.nodeId();
    }

    String peerEndpoint() {
        return "127.0.0.1:" + node.peerPort();
    }

    int nationalPort() {
        return node.nationalPort();
    }

    int adminPort() {
        return node.adminPort();
    }

    NationalServiceGrpc.NationalServiceBlockingStub analyst() {
        return NationalServiceGrpc.newBlockingStub(nationalChannel).withDeadlineAfter(120, TimeUnit.SECONDS);
    }

    NationalServiceGrpc.NationalServiceStub analystAsync() {
        return NationalServiceGrpc.newStub(nationalChannel);
    }

    AdminServiceGrpc.AdminServiceBlockingStub admin() {
        return AdminServiceGrpc.newBlockingStub(adminChannel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** Stops this node as a power cut would look to its peers: listeners gone, nothing answers. */
    void stop() {
        if (node == null) {
            return;
        }
        nationalChannel.shutdownNow();
        adminChannel.shutdownNow();
        NodeLogs.Scope marked = logs.attributeTo(id());
        try {
            node.close();
        } finally {
            marked.close();
        }
        node = null;
    }

    void awaitTermination() throws InterruptedException {
        if (node != null) {
            node.awaitTermination();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
