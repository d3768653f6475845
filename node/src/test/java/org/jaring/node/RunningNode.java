package org.jaring.node;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jaring.core.config.HostPort;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.setup.NodeHome;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.PemFiles;
import org.jaring.node.server.JaringNode;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddPeerRequest;
import org.jaring.v1.AdminServiceGrpc;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.Offence;
import org.jaring.v1.PutCaseRequest;

/** A running node in a temp folder, with clients for its analyst and admin, closed together. */
public final class RunningNode implements AutoCloseable {
    /**
     * The deadline of each analyst and admin call, counted from that call (a test may keep a stub for many): only
     * a bound on a call that never ends. A sync of thousands of items takes a second or two on an idle machine and
     * can take most of a minute on a loaded one.
     */
    private static final int CALL_DEADLINE_MINUTES = 5;

    public final NodeHome home;
    public JaringNode node;
    /** One channel per port and client, as a real client keeps one: connections per identity are capped. */
    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
    /** Peer, national and admin ports of the first start; a restart keeps them. */
    private final int[] ports;

    public RunningNode(Path root, String nodeId, String extraYaml) {
        this.home = TestConfigs.init(root, nodeId, extraYaml);
        this.node = JaringNode.start(TestConfigs.config(home));
        this.ports = new int[] {node.peerPort(), node.nationalPort(), node.adminPort()};
    }

    public RunningNode(Path root, String nodeId) {
        this(root, nodeId, "");
    }

    private RunningNode(NodeHome home) {
        this.home = home;
        this.node = JaringNode.start(TestConfigs.config(home));
        this.ports = new int[] {node.peerPort(), node.nationalPort(), node.adminPort()};
    }

    /**
     * A twin of this node, started from a copy of its home in {@code root}: the same node ID, keys, trust store,
     * secrets and data as of the copy, on ports of its own. This node is stopped for the copy and restarted after
     * it. Twins that then hold different data let a test compare what a peer sees of each.
     */
    public RunningNode twin(Path root) {
        stop();
        try (var files = Files.walk(home.root())) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = root.resolve(home.root().relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        restart();
        return new RunningNode(new NodeHome(root));
    }

    /** Stops the node as a crash would look to peers, leaving its home as it is. */
    public void stop() {
        for (ManagedChannel c : channels.values()) {
            c.shutdownNow();
        }
        channels.clear();
        if (node != null) {
            node.close();
            node = null;
        }
    }

    /** Starts the node again from its home, on the ports it had, where its peers pinned it. */
    public void restart() {
        var listen = new NodeConfig.Listen(
                new HostPort("127.0.0.1", ports[0]),
                new HostPort("127.0.0.1", ports[1]),
                new HostPort("127.0.0.1", ports[2]));
        stop();
        node = JaringNode.start(TestConfigs.config(home).withListen(listen));
    }

    public String id() {
        return node.config().nodeId();
    }

    public NodeConfig config() {
        return node.config();
    }

    public String peerEndpoint() {
        return "127.0.0.1:" + ports[0];
    }

    /** An analyst certificate issued by this node's CA, written next to the admin's. */
    public Path[] issueAnalyst(String name) {
        try {
            NationalCa ca = NationalCa.of(
                    PemFiles.readPrivateKey(home.caKey(), null),
                    PemFiles.readCertificates(home.caCertificate()).get(0),
                    Clock.systemUTC());
            IssuedCertificate cert = ca.issueAnalyst(name, Duration.ofDays(30));
            PemFiles.writeCertificates(home.clientCertificate(name), List.of(cert.chain()));
            PemFiles.writePrivateKey(home.clientKey(name), cert.privateKey(), null);
            return new Path[] {home.clientCertificate(name), home.clientKey(name)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized ManagedChannel channel(int port, String clientName) {
        ManagedChannel open = channels.get(port + "/" + clientName);
        if (open != null && !open.isShutdown()) {
            return open;
        }
        try {
            ManagedChannel c = OwnNodeClient.open(
                    home.trustDir(),
                    "127.0.0.1",
                    port,
                    home.clientCertificate(clientName),
                    home.clientKey(clientName),
                    null);
            channels.put(port + "/" + clientName, c);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public NationalServiceGrpc.NationalServiceBlockingStub analyst() {
        if (!home.clientCertificate("analyst").toFile().exists()) {
            issueAnalyst("analyst");
        }
        return NationalServiceGrpc.newBlockingStub(channel(node.nationalPort(), "analyst"))
                .withInterceptors(CallDeadline.each(CALL_DEADLINE_MINUTES, TimeUnit.MINUTES));
    }

    /** This node holds {@code value} in a case of its own ({@code caseId}, CC.FRAUD, {@code handling} as default). */
    public void holds(String caseId, Handling handling, IndicatorType type, String value) {
        analyst()
                .putCase(PutCaseRequest.newBuilder()
                        .setCase(Case.newBuilder()
                                .setCaseId(caseId)
                                .setTitle("case " + caseId)
                                .addOffences(Offence.OFFENCE_FRAUD)
                                .setDefaultHandling(handling))
                        .build());
        analyst()
                .addIndicators(AddIndicatorsRequest.newBuilder()
                        .setCaseId(caseId)
                        .addIndicators(Indicator.newBuilder()
                                .setType(type)
                                .setValue(value)
                                .setConfidence(80))
                        .build());
    }

    public AdminServiceGrpc.AdminServiceBlockingStub admin() {
        return AdminServiceGrpc.newBlockingStub(channel(node.adminPort(), "admin"))
                .withInterceptors(CallDeadline.each(CALL_DEADLINE_MINUTES, TimeUnit.MINUTES));
    }

    /** This node trusts {@code other} in the given groups, through the admin service as the CLI does. */
    public void trust(RunningNode other, String... groups) {
        trustAt(other, other.peerEndpoint(), groups);
    }

    /** As {@link #trust}, but this node reaches {@code other} at {@code endpoint} (e.g. a {@link PeerLink}). */
    public void trustAt(RunningNode other, String endpoint, String... groups) {
        try {
            String pem = PemFiles.toPem(
                    PemFiles.readCertificates(other.home.caCertificate()).get(0));
            admin().addPeer(AddPeerRequest.newBuilder()
                    .setNodeId(other.id())
                    .setCaCertificatePem(pem)
                    .setEndpoint(endpoint)
                    .addAllGroups(List.of(groups))
                    .setConfirmedFingerprint(Fingerprints.sha256(PemFiles.readCertificates(other.home.caCertificate())
                            .get(0)))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
