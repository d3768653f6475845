package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.core.setup.NodeHome;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import org.jaring.node.server.JaringNode;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Tlp;
import picocli.CommandLine;

/**
 * A node home made by the CLI's own 'node init' (listeners on 127.0.0.1:0), optionally running in-process with
 * real mutual TLS, and a way to run CLI commands against it as an admin would.
 */
final class CliNode implements AutoCloseable {
    /** What one CLI run returned and printed. */
    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }

        Run ok() {
            assertThat(exit).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isZero();
            return this;
        }
    }

    final String id;
    final Path root;
    final NodeHome home;
    private JaringNode node;

    private CliNode(String id, Path root) {
        this.id = id;
        this.root = root;
        this.home = new NodeHome(root);
    }

    static CliNode init(Path root, String nodeId, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "node",
                "init",
                "--home",
                root.toString(),
                "--node-id",
                nodeId,
                "--unit",
                "Cyber Crime Unit 24/7",
                "--phone",
                "+6621234567",
                "--email",
                "cc247@" + nodeId.toLowerCase(Locale.ROOT) + ".example",
                "--peer-listen",
                "127.0.0.1:0",
                "--national-listen",
                "127.0.0.1:0",
                "--admin-listen",
                "127.0.0.1:0"));
        args.addAll(List.of(extra));
        run(args.toArray(String[]::new)).ok();
        CliNode n = new CliNode(nodeId, root);
        // A loaded machine can take longer than the default 10 s from a connection's accept to the client's first
        // HTTP/2 frame (a TLS handshake with client certificates, both ends in one busy JVM); the node would then
        // close a client that did nothing wrong.
        try {
            java.nio.file.Files.writeString(
                    n.home.config(), "transport:\n  handshake_timeout: 2m\n", java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return n;
    }

    /**
     * Sets federation.default_deadline in node.yaml, before {@link #start()}: how long a lookup that names no
     * deadline of its own ({@code jaring lookup}, {@code jaring request from-hit}) waits for peers. Tests set it far
     * above a peer's time to answer, so that a loaded machine does not turn an answer into a timeout; every peer
     * there answers or refuses at once, so no test waits for it.
     */
    CliNode lookupDeadline(String duration) throws java.io.IOException {
        String yaml = java.nio.file.Files.readString(home.config());
        assertThat(yaml).contains("  default_deadline: 2s\n");
        java.nio.file.Files.writeString(
                home.config(), yaml.replace("  default_deadline: 2s\n", "  default_deadline: " + duration + "\n"));
        return this;
    }

    CliNode start() {
        node = JaringNode.start(NodeConfigLoader.load(home.config()));
        return this;
    }

    JaringNode node() {
        return node;
    }

    String peerEndpoint() {
        return "127.0.0.1:" + node.peerPort();
    }

    /** Runs a command that connects to this node: the home and the real (ephemeral) ports are appended. */
    Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--home",
                root.toString(),
                "--national",
                "127.0.0.1:" + node.nationalPort(),
                "--admin",
                "127.0.0.1:" + node.adminPort()));
        return run(all.toArray(String[]::new));
    }

    /** Runs a command that only reads the home (no connection options). */
    Run offline(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", root.toString()));
        return run(all.toArray(String[]::new));
    }

    /** {@code this} node's admin pins {@code peer} as an admin would: the peer exports, this node adds. */
    void pin(CliNode peer, Path dir) throws Exception {
        pin(peer, dir, "asean");
    }

    /** As {@link #pin(CliNode, Path)}, placing the peer in {@code group} of this node's trust store. */
    void pin(CliNode peer, Path dir, String group) throws Exception {
        Path anchor = dir.resolve(peer.id + "-anchor.yaml");
        if (!Files.exists(anchor)) {
            peer.offline("trust", "export", "--endpoint", peer.peerEndpoint(), "-o", anchor.toString())
                    .ok();
        }
        String fp = Fingerprints.sha256(
                PemFiles.readCertificates(peer.home.caCertificate()).get(0));
        cli("trust", "add", anchor.toString(), "--fingerprint", fp, "--group", group)
                .ok();
    }

    /** This node holds {@code domain} in a TLP:GREEN case, entered over its national service as an admin. */
    void holds(String caseId, String domain) throws Exception {
        ManagedChannel channel = OwnNodeClient.open(
                home.trustDir(),
                "127.0.0.1",
                node.nationalPort(),
                home.clientCertificate("admin"),
                home.clientKey("admin"),
                null);
        try {
            var stub = NationalServiceGrpc.newBlockingStub(channel);
            stub.putCase(PutCaseRequest.newBuilder()
                    .setCase(Case.newBuilder()
                            .setCaseId(caseId)
                            .setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN)))
                    .build());
            stub.addIndicators(AddIndicatorsRequest.newBuilder()
                    .setCaseId(caseId)
                    .addIndicators(Indicator.newBuilder()
                            .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                            .setValue(domain))
                    .build());
        } finally {
            channel.shutdownNow();
        }
    }

    static Run run(String... args) {
        CommandLine cli = JaringCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
            node = null;
        }
    }
}
