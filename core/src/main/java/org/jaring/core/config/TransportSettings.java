package org.jaring.core.config;

import java.time.Duration;

/**
 * Limits on the connections themselves, the same on every listener (node.yaml {@code transport:}). A peer is a
 * foreign state's machine: whatever it can hold open, it can hold open against us, so every resource a connection
 * keeps has a bound and a time limit.
 *
 * @param handshakeTimeout from TCP accept to the client's first HTTP/2 SETTINGS (TLS included); a client that
 *     connects and stays silent is dropped after it
 * @param maxConnectionsPerPeer live connections one certificate identity (a peer node, an analyst, an admin) may
 *     hold on one listener; the excess is closed as soon as its handshake names it
 * @param maxConcurrentCallsPerConnection HTTP/2 streams one connection may have open at once
 * @param maxConnectionAge a connection is asked to go away (GOAWAY) after this long, so it reconnects and
 *     passes the handshake (and its checks) again
 * @param maxConnectionAgeGrace calls still running at that age get this long to finish, then are cut
 * @param maxConnectionIdle a connection with no call for this long is closed
 * @param refusalSummaryInterval refused handshakes after the first one of an interval are summed into one audit
 *     record per listener at the end of the interval
 */
public record TransportSettings(
        Duration handshakeTimeout,
        int maxConnectionsPerPeer,
        int maxConcurrentCallsPerConnection,
        Duration maxConnectionAge,
        Duration maxConnectionAgeGrace,
        Duration maxConnectionIdle,
        Duration refusalSummaryInterval) {

    public static final TransportSettings DEFAULT = new TransportSettings(
            Duration.ofSeconds(10),
            8,
            100,
            Duration.ofHours(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofMinutes(1));

    public TransportSettings {
        positive(handshakeTimeout, "handshake_timeout");
        positive(maxConnectionAge, "max_connection_age");
        positive(maxConnectionAgeGrace, "max_connection_age_grace");
        positive(maxConnectionIdle, "max_connection_idle");
        positive(refusalSummaryInterval, "refusal_summary_interval");
        if (maxConnectionsPerPeer < 1) {
            throw new IllegalArgumentException("transport.max_connections_per_peer must be at least 1");
        }
        if (maxConcurrentCallsPerConnection < 1) {
            throw new IllegalArgumentException("transport.max_concurrent_calls_per_connection must be at least 1");
        }
    }

    private static void positive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("transport." + key + " must be a positive duration");
        }
    }
}
