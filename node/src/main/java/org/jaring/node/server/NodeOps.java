package org.jaring.node.server;

import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.TrustStore;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.ops.Backups;
import org.jaring.node.ops.GrpcServerMetrics;
import org.jaring.node.ops.LookupMetrics;
import org.jaring.node.ops.NodeHealth;
import org.jaring.node.ops.NodeMetrics;
import org.jaring.node.store.RocksStore;

/**
 * The operations side of one node, wired in one place so JaringNode stays small: metrics (registry, gauges,
 * the HTTP endpoint), health, reflection and backups.
 */
final class NodeOps implements AutoCloseable {
    static final Duration HEALTH_INTERVAL = Duration.ofSeconds(10);

    final NodeMetrics metrics;
    final LookupMetrics lookups;
    final Backups backups;
    final NodeHealth health;

    /** After the store, trust store, keys and audit log are open; {@code audit} records every backup taken. */
    NodeOps(NodeConfig config, RocksStore store, TrustStore trust, KeySource keys, AuditLog audit, Clock clock) {
        this.metrics = new NodeMetrics();
        try {
            metrics.bindStore(store);
            metrics.bindCertificates(keys, trust, clock);
            this.lookups = LookupMetrics.of(metrics.registry());
            this.backups =
                    new Backups(config.nodeId(), store, trust, config.configFile(), clock, audit, new SecureRandom());
            this.health = new NodeHealth(store, keys, trust, clock, HEALTH_INTERVAL); // last: it starts a timer
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
    }

    /** The peer listener: call metrics only (peers get neither health nor reflection). */
    ListenerOps peer() {
        return new ListenerOps(new GrpcServerMetrics(metrics.registry(), "peer"), List.of());
    }

    /** National and admin listeners: call metrics, grpc.health.v1 and server reflection, all behind mTLS. */
    ListenerOps local(String listener) {
        List<BindableService> services = List.of(health.service(), ProtoReflectionServiceV1.newInstance());
        return new ListenerOps(new GrpcServerMetrics(metrics.registry(), listener), services);
    }

    /** Readiness turns NOT_SERVING first, before the listeners stop. */
    void stopping() {
        health.close();
    }

    @Override
    public void close() {
        stopping();
        metrics.close();
    }
}
