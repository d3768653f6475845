package org.jaring.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;

/** The {@code transport:} section of node.yaml, read and checked like the rest; every key has a safe default. */
final class TransportSection {
    static final Set<String> KEYS = Set.of(
            "handshake_timeout",
            "max_connections_per_peer",
            "max_concurrent_calls_per_connection",
            "max_connection_age",
            "max_connection_age_grace",
            "max_connection_idle",
            "refusal_summary_interval");

    private TransportSection() {}

    static TransportSettings read(ConfigReader r, JsonNode root) {
        TransportSettings d = TransportSettings.DEFAULT;
        JsonNode t = r.object(root, "", "transport", KEYS);
        return new TransportSettings(
                // Below 100 ms a loaded machine fails honest handshakes; above 5 m a silent client holds a socket.
                r.duration(
                        t,
                        "transport",
                        "handshake_timeout",
                        d.handshakeTimeout(),
                        Duration.ofMillis(100),
                        Duration.ofMinutes(5)),
                (int) r.number(t, "transport", "max_connections_per_peer", d.maxConnectionsPerPeer(), 1, 1000),
                (int) r.number(
                        t,
                        "transport",
                        "max_concurrent_calls_per_connection",
                        d.maxConcurrentCallsPerConnection(),
                        1,
                        10_000),
                r.duration(
                        t,
                        "transport",
                        "max_connection_age",
                        d.maxConnectionAge(),
                        Duration.ofSeconds(1),
                        Duration.ofDays(30)),
                r.duration(
                        t,
                        "transport",
                        "max_connection_age_grace",
                        d.maxConnectionAgeGrace(),
                        Duration.ofMillis(100),
                        Duration.ofDays(1)),
                r.duration(
                        t,
                        "transport",
                        "max_connection_idle",
                        d.maxConnectionIdle(),
                        Duration.ofSeconds(1),
                        Duration.ofDays(30)),
                r.duration(
                        t,
                        "transport",
                        "refusal_summary_interval",
                        d.refusalSummaryInterval(),
                        Duration.ofMillis(100),
                        Duration.ofDays(1)));
    }
}
