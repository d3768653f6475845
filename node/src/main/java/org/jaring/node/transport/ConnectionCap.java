package org.jaring.node.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jaring.core.logging.ThrottledLog;
import org.jaring.core.trust.IdentityUri;

/**
 * Live connections per certificate identity on one listener. The identity is the one our trust manager has just
 * verified in the handshake ({@code urn:jaring:...} of the leaf), so a peer cannot spread its connections over
 * names it does not hold; every role counts (a peer node, an analyst, an admin), each identity on its own.
 */
public final class ConnectionCap {
    public static final String METER = "jaring.transport.connections.refused";

    private final String listener;
    private final int max;
    private final ConcurrentMap<String, Integer> live = new ConcurrentHashMap<>();
    private final Counter refused;
    private final ThrottledLog log;

    public ConnectionCap(String listener, int max, MeterRegistry metrics, ThrottledLog log) {
        this.listener = listener;
        this.max = max;
        this.refused = Counter.builder(METER)
                .description("Connections closed after the handshake: over the" + " per-peer cap")
                .tag("listener", listener)
                .tag("reason", "too_many_connections")
                .register(metrics);
        this.log = log;
    }

    /**
     * Counts a connection whose handshake completed; returns its identity to {@link #release} when it closes,
     * or null when it must be closed now (over the cap, or no identity to count it under: fail closed).
     */
    public String admit(SSLSession session) {
        String identity = identity(session);
        if (identity == null) {
            refused.increment();
            return null;
        }
        boolean[] admitted = {false};
        live.compute(identity, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= max) {
                return count;
            }
            admitted[0] = true;
            return count + 1;
        });
        if (!admitted[0]) {
            refused.increment();
            log.warn(() -> "listener " + listener + ": closed a connection from " + identity + ", which already has "
                    + max + " (transport.max_connections_per_peer)");
            return null;
        }
        return identity;
    }

    public void release(String identity) {
        live.computeIfPresent(identity, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Live connections of {@code identity} (for tests and operators). */
    public int live(String identity) {
        return live.getOrDefault(identity, 0);
    }

    private static String identity(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return null;
            }
            return IdentityUri.of(leaf).uri();
        } catch (SSLPeerUnverifiedException | IllegalArgumentException e) {
            return null;
        }
    }
}
