package org.jaring.node.server;

import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jaring.core.config.NodeConfig;
import org.jaring.node.ops.Backups;
import org.jaring.node.ops.GrpcServerMetrics;
import org.jaring.node.ops.LookupMetrics;
import org.jaring.node.ops.NodeHealth;
import org.jaring.node.ops.NodeMetrics;
import org.jaring.node.store.RocksStore;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.TrustStore;

/**
 * The operations side of one node, wired in one place so JaringNode stays small: metrics (registry, gauges,
 * the HTTP endpoint), health, reflection and backups.
 */
final class NodeOps implements AutoCloseable {
    static final Duration HEALTH_INTERVAL = Duration.ofSeconds(10);

    final NodeMetrics metrics;
    NodeHealth health;
    Backups backups;
    LookupMetrics lookups;

    NodeOps(NodeMetrics metrics) {
        this.metrics = metrics;
        this.lookups = LookupMetrics.of(metrics.registry());
    }

    /** After the store, trust store and keys are open. */
    void attach(NodeConfig config, RocksStore store, TrustStore trust, KeySource keys, Clock clock) {
        metrics.bindStore(store);
        metrics.bindCertificates(keys, trust, clock);
        this.health = new NodeHealth(store, keys, trust, clock, HEALTH_INTERVAL);
        this.backups = new Backups(config.nodeId(), store, trust, config.configFile(), clock);
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
        if (health != null) {
            health.close();
        }
    }

    @Override
    public void close() {
        stopping();
        metrics.close();
    }
}
