package org.jaring.node.federation;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.RevocationList;
import org.jaring.core.trust.TlsContexts;
import org.jaring.core.trust.TlsSettings;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.core.trust.TrustedPeer;
import org.jaring.node.ops.GrpcClientMetrics;
import org.jaring.v1.PeerHealth;
import org.jaring.v1.PeerServiceGrpc;

/**
 * One long-lived mutual-TLS channel per trusted peer. gRPC reconnects a broken channel with exponential
 * backoff by itself; this class only follows the trust store: a new peer gets a channel, a removed peer's
 * channel is shut down, a changed endpoint or anchor gets a fresh one. The client side pins the peer too:
 * the server must prove the expected node ID under that peer's anchor.
 */
public final class TrustedPeerChannels implements PeerChannels, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrustedPeerChannels.class.getName());

    private record Entry(TrustedPeer peer, ManagedChannel channel, PeerHealthRecorder health) {}

    private final TrustStore trust;
    private final KeySource keys;
    private final TrustVerifier verifier;
    private final TlsSettings settings;
    private final int maxMessageBytes;
    /** Times every outgoing call per peer. */
    private final MeterRegistry metrics;

    private final Map<String, Entry> channels = new ConcurrentHashMap<>();
    private final Consumer<TrustSnapshot> listener = this::onTrustChange;
    private volatile TrustSnapshot lastSeen;
    private volatile boolean closed;

    public TrustedPeerChannels(
            TrustStore trust,
            KeySource keys,
            TrustVerifier verifier,
            TlsSettings settings,
            int maxMessageBytes,
            MeterRegistry metrics) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.maxMessageBytes = maxMessageBytes;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.lastSeen = trust.snapshot();
        trust.addListener(listener);
        reconcile(false);
    }

    @Override
    public List<String> peerIds() {
        return new ArrayList<>(
                trust.snapshot().peers().keySet().stream().map(NodeId::value).toList());
    }

    /**
     * A stub for an analyst's lookup. A channel in TRANSIENT_FAILURE would fail the call at once with its old
     * error and wait out gRPC's reconnect backoff (up to two minutes after a peer was down or had not yet
     * trusted us). An analyst's question deserves a fresh attempt, so such a channel is replaced: the new one
     * holds the call until its first connection attempt ends, and fails fast if the peer still cannot be had.
     */
    @Override
    public PeerServiceGrpc.PeerServiceFutureStub stub(String nodeId) {
        Entry e = ready(nodeId);
        return e == null ? null : PeerServiceGrpc.newFutureStub(e.channel());
    }

    /** The peer's entry, its channel replaced first if it is in TRANSIENT_FAILURE; null if not trusted. */
    private Entry ready(String nodeId) {
        Entry e = channels.get(nodeId);
        if (e != null && e.channel().getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            e = replaceFailed(e);
        }
        return e;
    }

    @SuppressWarnings("ReferenceEquality") // replaced only if the map still holds the very entry that failed
    private synchronized Entry replaceFailed(Entry failed) {
        Entry current = channels.get(failed.peer().nodeId().value());
        if (closed || current != failed) {
            return current; // already replaced or removed by someone else
        }
        try {
            Entry fresh = new Entry(failed.peer(), open(failed.peer(), failed.health()), failed.health());
            channels.put(failed.peer().nodeId().value(), fresh);
            failed.channel().shutdown();
            return fresh;
        } catch (SSLException | RuntimeException ex) {
            LOG.log(
                    Level.WARNING,
                    "cannot reopen the channel to " + failed.peer().nodeId() + ": " + ex);
            return failed;
        }
    }

    private ManagedChannel open(TrustedPeer p, PeerHealthRecorder health) throws SSLException {
        return NettyChannelBuilder.forTarget(p.endpoint())
                .sslContext(TlsContexts.client(keys, p.nodeId(), verifier, settings))
                .maxInboundMessageSize(maxMessageBytes)
                .intercept(health)
                .intercept(new GrpcClientMetrics(metrics, p.nodeId().value()))
                .keepAliveTime(60, TimeUnit.SECONDS)
                .build();
    }

    /**
     * A blocking stub for this node's own pulls (feed sync, revocation fetches); null if the peer is not trusted.
     * As for a lookup, a channel in TRANSIENT_FAILURE is replaced first: otherwise a {@code sync now} right after a
     * peer came back fails at once with the channel's old error and pulls nothing until gRPC's reconnect backoff,
     * grown while the peer was away, has run out.
     */
    PeerServiceGrpc.PeerServiceBlockingStub blockingStub(String nodeId) {
        Entry e = ready(nodeId);
        return e == null ? null : PeerServiceGrpc.newBlockingStub(e.channel());
    }

    PeerHealthRecorder health(String nodeId) {
        Entry e = channels.get(nodeId);
        return e == null ? null : e.health();
    }

    /** Each trusted peer's endpoint, channel state and recent history. */
    public List<PeerHealth> status() {
        List<PeerHealth> out = new ArrayList<>();
        for (TrustedPeer p : trust.snapshot().peers().values()) {
            Entry e = channels.get(p.nodeId().value());
            PeerHealth.Builder h = e == null
                    ? PeerHealth.newBuilder().setNodeId(p.nodeId().value())
                    : e.health().snapshot();
            h.setEndpoint(p.endpoint());
            var installed = trust.snapshot().peerRevocations().get(p.nodeId());
            h.setRevocationSequence(installed == null ? 0 : installed.list().sequence());
            h.setConnectivity(
                    e == null ? "NO_CHANNEL" : e.channel().getState(false).name());
            out.add(h.build());
        }
        return out;
    }

    /**
     * Our side checks a peer's certificate only in the handshake. When a peer's revocation list or a local
     * block changes, open connections are renewed so that the new list judges them at once.
     */
    private void onTrustChange(TrustSnapshot next) {
        TrustSnapshot previous = lastSeen;
        lastSeen = next;
        if (!previous.blockedFingerprints().equals(next.blockedFingerprints())) {
            reconcile(true); // a block may hit any peer's certificate
            return;
        }
        // Only a peer whose list gained or lost entries needs fresh connections; a first, empty list does not.
        Set<String> changed = new HashSet<>();
        for (NodeId id : next.peers().keySet()) {
            if (!entries(previous, id).equals(entries(next, id))) {
                changed.add(id.value());
            }
        }
        reconcile(false);
        if (!changed.isEmpty()) {
            renew(changed);
        }
    }

    private static List<RevocationList.Entry> entries(TrustSnapshot s, NodeId id) {
        var list = s.peerRevocations().get(id);
        return list == null ? List.of() : list.list().entries();
    }

    /** Fresh channels to the named peers; the old ones drain. */
    private synchronized void renew(Set<String> nodeIds) {
        for (String id : nodeIds) {
            Entry current = channels.get(id);
            if (current == null || closed) {
                continue;
            }
            try {
                channels.put(id, new Entry(current.peer(), open(current.peer(), current.health()), current.health()));
                current.channel().shutdown();
            } catch (SSLException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot renew the channel to " + id + ": " + e);
            }
        }
    }

    /**
     * Opens a fresh channel to every peer and lets the old ones drain: after the node certificate is rotated,
     * new handshakes present the new certificate (peers may have revoked the old one) while calls already
     * under way finish on the old connections.
     */
    public void renewAll() {
        reconcile(true);
    }

    private synchronized void reconcile(boolean renew) {
        if (closed) {
            return;
        }
        Map<NodeId, TrustedPeer> peers = trust.snapshot().peers();
        for (TrustedPeer p : peers.values()) {
            Entry current = channels.get(p.nodeId().value());
            if (!renew
                    && current != null
                    && current.peer().endpoint().equals(p.endpoint())
                    && current.peer().fingerprint().equals(p.fingerprint())) {
                continue;
            }
            try {
                PeerHealthRecorder health =
                        current == null ? new PeerHealthRecorder(p.nodeId().value()) : current.health();
                ManagedChannel channel = open(p, health);
                // connect now: the first lookup after start or after a peer was added should not wait for the
                // mutual-TLS handshake (the console's first lookup did); a peer that is down is retried by gRPC
                channel.getState(true);
                channels.put(p.nodeId().value(), new Entry(p, channel, health));
                if (current != null) {
                    current.channel().shutdown();
                }
            } catch (SSLException | RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "cannot open a channel to peer " + p.nodeId() + " at " + p.endpoint() + ": " + e);
            }
        }
        for (String id : List.copyOf(channels.keySet())) {
            if (!peers.containsKey(NodeId.of(id))) {
                Entry gone = channels.remove(id);
                gone.channel().shutdownNow();
            }
        }
    }

    /** Asks every channel to connect now rather than on first use. */
    public void connectAll() {
        channels.values().forEach(e -> e.channel().getState(true));
    }

    ConnectivityState state(String nodeId) {
        Entry e = channels.get(nodeId);
        return e == null ? ConnectivityState.SHUTDOWN : e.channel().getState(false);
    }

    @Override
    public synchronized void close() {
        closed = true;
        trust.removeListener(listener);
        for (Entry e : channels.values()) {
            e.channel().shutdownNow();
        }
        for (Entry e : channels.values()) {
            try {
                e.channel().awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        channels.clear();
    }
}
