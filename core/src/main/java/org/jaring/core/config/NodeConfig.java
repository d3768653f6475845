package org.jaring.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jaring.v1.ContactPoint;

/**
 * A node's whole configuration, typed and already validated: a NodeConfig that exists is usable.
 * Built by {@link NodeConfigLoader}; docs/operations.md documents every key.
 */
public record NodeConfig(
        String nodeId,
        String country,
        Path dataDir,
        Contact contact,
        Listen listen,
        Limits limits,
        StoreSettings store,
        Duration expiryPurgeInterval,
        Tls tls,
        Federation federation,
        Sync sync,
        boolean acceptSightings,
        Path warninglistsDir,
        Metrics metrics,
        LogSettings logging,
        Path configFile,
        AuditSettings audit,
        TransportSettings transport,
        BlindSettings blind) {

    /** The same configuration, remembering the file it was read from. */
    public NodeConfig withConfigFile(Path file) {
        return new NodeConfig(
                nodeId,
                country,
                dataDir,
                contact,
                listen,
                limits,
                store,
                expiryPurgeInterval,
                tls,
                federation,
                sync,
                acceptSightings,
                warninglistsDir,
                metrics,
                logging,
                file,
                audit,
                transport,
                blind);
    }

    /** The same configuration listening elsewhere (a restarted in-process node keeping its ports). */
    public NodeConfig withListen(Listen other) {
        return new NodeConfig(
                nodeId,
                country,
                dataDir,
                contact,
                other,
                limits,
                store,
                expiryPurgeInterval,
                tls,
                federation,
                sync,
                acceptSightings,
                warninglistsDir,
                metrics,
                logging,
                configFile,
                audit,
                transport,
                blind);
    }

    /** The 24/7 point of contact that peers receive with every hit (Budapest Convention art. 35). */
    public record Contact(String unit, String phone, String email, String hours, List<String> languages) {
        public ContactPoint toProto() {
            return ContactPoint.newBuilder()
                    .setUnit(unit)
                    .setPhone(phone)
                    .setEmail(email)
                    .setHours(hours)
                    .addAllLanguages(languages)
                    .build();
        }
    }

    /** Where each service listens: peers on the peer listener, own analysts and tools on the others. */
    public record Listen(HostPort peer, HostPort national, HostPort admin) {}

    /** Explicit, configurable limits on what one call may carry, and what one peer may use of the node. */
    public record Limits(int maxMessageBytes, int maxBatchValues, PeerBudgets peerBudgets) {}

    /**
     * The node's key material and TLS choices. The national CA's private key is not here on purpose: the
     * node never needs it.
     */
    public record Tls(
            String provider,
            Path caCertificate,
            Path nodeCertificate,
            Path nodeKey,
            String nodeKeyPassphraseEnv,
            Path trustDir) {}

    /** Feed sync with peers: how often, and how many items a batch. */
    public record Sync(Duration interval, int batchItems) {}

    /**
     * How this node asks its peers. A peer's lookup answer with more hits for one value than
     * {@code maxAnswerHitsPerValue}, or more than {@code maxAnswerHits} in all, is refused (federation/PeerAnswerRules).
     */
    public record Federation(
            Duration defaultDeadline, Duration revocationRefresh, int maxAnswerHitsPerValue, int maxAnswerHits) {}

    /** The Prometheus scrape endpoint (plain HTTP: keep it on loopback or a management network). */
    public record Metrics(boolean enabled, HostPort listen) {
        public static final Metrics DEFAULT = new Metrics(true, new HostPort("127.0.0.1", 9464));
    }

    /** How the node process writes its log: {@code text} (one readable line) or {@code json} (one object a line). */
    public record LogSettings(String format) {
        public static final LogSettings DEFAULT = new LogSettings("text");
    }
}
