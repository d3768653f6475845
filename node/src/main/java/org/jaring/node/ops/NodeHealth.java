package org.jaring.node.ops;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;
import org.jaring.core.failure.Periodic;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.TrustStore;
import org.jaring.node.store.RocksStore;

/**
 * The standard gRPC health service (grpc.health.v1.Health) for the national and admin listeners. The node is
 * SERVING while its store is open and its own certificate is usable (within its validity, not revoked by its
 * own CA); otherwise NOT_SERVING, for the whole server ("") and each jaring service. Checked every
 * {@code interval}, and at once when the store closes.
 */
public final class NodeHealth implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeHealth.class.getName());
    /** Service names reported besides the whole-server entry "". */
    public static final List<String> SERVICES =
            List.of("jaring.v1.NationalService", "jaring.v1.AdminService", "jaring.v1.PeerService");

    /**
     * The data folder's own health entry: NOT_SERVING while the store refuses writes (full, read-only, I/O error)
     * or has met a damaged block, though the node as a whole may still answer lookups. Monitoring alerts on it.
     */
    public static final String STORE = "jaring.store";

    private final HealthStatusManager manager = new HealthStatusManager();
    private final RocksStore store;
    private final KeySource keys;
    private final TrustStore trust;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile ServingStatus status;
    private volatile String reason = "";
    private volatile ServingStatus storeStatus;
    private volatile String storeReason = "";

    public NodeHealth(RocksStore store, KeySource keys, TrustStore trust, Clock clock, Duration interval) {
        this.store = store;
        this.keys = keys;
        this.trust = trust;
        this.clock = clock;
        check();
        store.onClose(this::check);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jaring-health");
            t.setDaemon(true);
            return t;
        });
        Periodic.schedule(timer, "health check", interval, interval, this::check);
    }

    public BindableService service() {
        return manager.getHealthService();
    }

    public ServingStatus status() {
        return status;
    }

    /** Why the node is NOT_SERVING; empty while serving. */
    public String reason() {
        return reason;
    }

    /** The data folder's health ({@link #STORE}). */
    public ServingStatus storeStatus() {
        return storeStatus;
    }

    /** Why the data folder is NOT_SERVING; empty while it is healthy. */
    public String storeReason() {
        return storeReason;
    }

    /** Evaluates readiness now and publishes it. */
    public synchronized void check() {
        checkStore();
        String why = problem();
        ServingStatus next = why.isEmpty() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        if (next != status) {
            if (status != null || next != ServingStatus.SERVING) {
                LOG.warning("health: " + next + (why.isEmpty() ? "" : " (" + why + ")"));
            }
            status = next;
            reason = why;
            manager.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, next);
            for (String s : SERVICES) {
                manager.setStatus(s, next);
            }
        }
    }

    private void checkStore() {
        if (status == ServingStatus.NOT_SERVING && "the node is stopping".equals(reason)) {
            return;
        }
        store.probeWrites(); // a write fault clears here once the disk takes data again, even with no client
        String why = store.isOpen() ? store.faults().problem() : "the store is closed";
        ServingStatus next = why.isEmpty() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        if (next != storeStatus) {
            storeStatus = next;
            storeReason = why;
            manager.setStatus(STORE, next);
        }
    }

    private String problem() {
        if (!store.isOpen()) {
            return "the store is closed";
        }
        try {
            X509Certificate leaf = keys.current().leaf();
            Instant now = clock.instant();
            if (now.isAfter(leaf.getNotAfter().toInstant())) {
                return "the node certificate expired on " + leaf.getNotAfter().toInstant();
            }
            if (now.isBefore(leaf.getNotBefore().toInstant())) {
                return "the node certificate is not valid before "
                        + leaf.getNotBefore().toInstant();
            }
            NodeId own = trust.snapshot().ownNodeId();
            if (trust.snapshot().isRevoked(own, leaf.getSerialNumber(), Fingerprints.sha256(leaf))) {
                return "the node certificate is revoked by this node's own CA";
            }
        } catch (RuntimeException e) {
            return "the node certificate is unusable: " + e.getMessage();
        }
        return "";
    }

    /** NOT_SERVING for good: the node is stopping. Called first when stopping starts, again on close. */
    @Override
    public synchronized void close() {
        if (status == ServingStatus.NOT_SERVING && "the node is stopping".equals(reason)) {
            return; // gRPC's health manager logs a stack trace if told to terminate twice
        }
        timer.shutdownNow();
        status = ServingStatus.NOT_SERVING;
        reason = "the node is stopping";
        manager.enterTerminalState();
    }
}
