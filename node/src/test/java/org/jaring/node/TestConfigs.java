package org.jaring.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.core.config.PeerBudgets;
import org.jaring.core.setup.NodeHome;
import org.jaring.core.setup.NodeInit;

/** Real node homes for tests: PKI from the project's own code, ephemeral loopback ports, temp folders. */
public final class TestConfigs {
    /**
     * peer_budgets that a test sending many calls from one peer never exhausts (the boundary still checks every
     * call against them); PeerBoundaryTest tests the budgets themselves.
     */
    public static final String GENEROUS_PEER_BUDGETS = PeerBudgets.uniformYaml(10_000_000, 1_000);

    private TestConfigs() {}

    /** Runs {@code node init} into {@code root} (listeners on port 0) and appends {@code extraYaml}. */
    /**
     * Every test node's transport section unless the test gives its own: a loaded machine can take longer than the
     * default 10 s from a connection's accept to the client's first HTTP/2 frame (a TLS handshake with client
     * certificates, both ends in one busy JVM), and the node then closes a client that did nothing wrong.
     * ConnectionLimitsTest tests the timeout itself with its own setting.
     */
    static final String PATIENT_HANDSHAKES = "transport: {handshake_timeout: 2m}\n";

    /** Test nodes write no 64 MiB ballast file each; the disk-full tests give their own store section. */
    static final String NO_RESERVE = "store: {reserve_mb: 0}\n";

    public static NodeHome init(Path root, String nodeId, String extraYaml) {
        try {
            NodeHome home = new NodeHome(root);
            NodeInit.run(
                    home,
                    new NodeInit.Options(
                            nodeId,
                            nodeId.substring(0, 2),
                            "Cyber Crime Unit 24/7",
                            "+6621234567",
                            "cc247@" + nodeId.toLowerCase(Locale.ROOT) + ".example",
                            List.of("en"),
                            "127.0.0.1:0",
                            "127.0.0.1:0",
                            "127.0.0.1:0",
                            "root",
                            null,
                            Duration.ofDays(3650),
                            Duration.ofDays(90),
                            Duration.ofDays(365)),
                    Clock.systemUTC());
            String yaml = Files.readString(home.config());
            if (extraYaml.lines().noneMatch(l -> l.startsWith("transport:"))) {
                yaml = merge(yaml, PATIENT_HANDSHAKES);
            }
            if (extraYaml.lines().noneMatch(l -> l.startsWith("store:"))) {
                yaml = merge(yaml, NO_RESERVE);
            }
            if (!extraYaml.isEmpty()) {
                yaml = merge(yaml, extraYaml);
            }
            Files.writeString(home.config(), yaml);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NodeConfig config(NodeHome home) {
        return NodeConfigLoader.load(home.config());
    }

    /** Replaces top-level sections of the generated YAML by those in {@code extra} (e.g. a limits block). */
    private static String merge(String yaml, String extra) {
        for (String line : extra.split("\n")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && line.contains(":")) {
                String key = line.substring(0, line.indexOf(':') + 1);
                yaml = yaml.replaceAll("(?m)^" + Pattern.quote(key) + ".*\\n(?:[ ].*\\n)*", "");
            }
        }
        return yaml + extra + (extra.endsWith("\n") ? "" : "\n");
    }
}
