package org.jaring.node.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.failure.StorageException;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.core.trust.TrustStore;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.RocksStore;
import org.jaring.node.store.StoreFaults;

/**
 * The node's meters in one Prometheus registry, and the plain-HTTP endpoint that serves them
 * ({@code GET /metrics}, Prometheus text format). The endpoint carries counts and sizes only, never an
 * indicator, but it is unauthenticated: keep {@code metrics.listen} on loopback or a management network.
 */
public final class NodeMetrics implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeMetrics.class.getName());

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<Runnable> onClose = new ArrayList<>();
    private HttpServer server;

    public NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter, as the endpoint serves it. */
    public String scrape() {
        return registry.scrape();
    }

    /** RocksDB size and statistics per column family, and the block cache's usage; NaN once the store closed. */
    public void bindStore(RocksStore store) {
        for (ColumnFamily cf : ColumnFamily.values()) {
            Tags tags = Tags.of("column_family", cf.storedName());
            Gauge.builder("jaring.store.keys", store, s -> s.longProperty(cf, "rocksdb.estimate-num-keys"))
                    .description("estimated number of keys")
                    .tags(tags)
                    .register(registry);
            Gauge.builder("jaring.store.sst.bytes", store, s -> s.longProperty(cf, "rocksdb.total-sst-files-size"))
                    .description("size of the SST files")
                    .baseUnit("bytes")
                    .tags(tags)
                    .register(registry);
            Gauge.builder(
                            "jaring.store.live.data.bytes",
                            store,
                            s -> s.longProperty(cf, "rocksdb.estimate-live-data-size"))
                    .description("estimated live data")
                    .baseUnit("bytes")
                    .tags(tags)
                    .register(registry);
            Gauge.builder(
                            "jaring.store.memtable.bytes",
                            store,
                            s -> s.longProperty(cf, "rocksdb.cur-size-all-mem-tables"))
                    .description("memtable size")
                    .baseUnit("bytes")
                    .tags(tags)
                    .register(registry);
        }
        Gauge.builder("jaring.store.block.cache.usage.bytes", store, RocksStore::blockCacheUsage)
                .description("memory used by the block cache")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("jaring.store.open", store, s -> s.isOpen() ? 1 : 0)
                .description("1 while the store is open")
                .register(registry);
        Gauge.builder("jaring.store.reserve.in.use", store, s -> s.onReserve() ? 1 : 0)
                .description("1 while the disk is full and the node answers lookups from its released reserve;"
                        + " new data is refused")
                .register(registry);
        bindStoreFaults(store.faults());
    }

    /**
     * Faults of the data folder for alerting (docs/operations.md, "The disk filled up"): which fault is current,
     * failures by kind since start, and the space left on the data folder's disk.
     */
    private void bindStoreFaults(StoreFaults faults) {
        for (StorageException.Kind kind : StorageException.Kind.values()) {
            Tags tags = Tags.of("kind", kind.name().toLowerCase(Locale.ROOT));
            Gauge.builder("jaring.store.fault", faults, f -> current(f, kind) ? 1 : 0)
                    .description("1 while the store has this fault: no_space, read_only, io_error or other refuse"
                            + " writes until one succeeds; corruption stays until the data folder is restored")
                    .tags(tags)
                    .register(registry);
            FunctionCounter.builder("jaring.store.failures", faults, f -> f.failures(kind))
                    .description("store operations that failed, by kind")
                    .tags(tags)
                    .register(registry);
        }
        Gauge.builder("jaring.store.data.free.bytes", faults, StoreFaults::freeBytes)
                .description("bytes the node may still use on the data folder's disk")
                .baseUnit("bytes")
                .register(registry);
    }

    private static boolean current(StoreFaults faults, StorageException.Kind kind) {
        return kind == StorageException.Kind.CORRUPTION ? faults.corrupted() : faults.writeFault() == kind;
    }

    /**
     * What the chain check found when the node opened its audit log (docs/audit.md, "Chain checks"): records that
     * no signed checkpoint covered (a crash, a power loss, or a cut to look into) and whether the head witness was
     * missing. Both are 0 after a clean stop; monitoring alerts on anything else.
     */
    public void bindAuditOpen(long unsignedAtOpen, boolean witnessMissing) {
        Gauge.builder("jaring.audit.unsigned.at.open.records", () -> unsignedAtOpen)
                .description("audit records not covered by a signed checkpoint when the node started (0 after a clean"
                        + " stop)")
                .register(registry);
        Gauge.builder("jaring.audit.witness.missing", () -> witnessMissing ? 1 : 0)
                .description("1 when the audit head witness beside the data folder was missing at start")
                .register(registry);
    }

    /** Days until the node certificate, the national CA and each pinned peer anchor expire (negative: expired). */
    public void bindCertificates(KeySource keys, TrustStore trust, Clock clock) {
        Gauge.builder(
                        "jaring.certificate.expiry.days",
                        keys,
                        k -> days(k.current().leaf(), clock))
                .description("days until this certificate expires")
                .tag("certificate", "node")
                .register(registry);
        Gauge.builder(
                        "jaring.certificate.expiry.days",
                        trust,
                        t -> days(t.snapshot().ownCa(), clock))
                .description("days until this certificate expires")
                .tag("certificate", "ca")
                .register(registry);
        MultiGauge peers = MultiGauge.builder("jaring.peer.anchor.expiry.days")
                .description("days until a pinned peer's CA certificate (its anchor) expires")
                .register(registry);
        Consumer<TrustSnapshot> update = s -> peers.register(
                s.peers().values().stream()
                        .map(p -> MultiGauge.Row.of(Tags.of("peer", p.nodeId().value()), days(p.anchor(), clock)))
                        .toList(),
                true);
        update.accept(trust.snapshot());
        trust.addListener(update);
        onClose.add(() -> trust.removeListener(update));
    }

    private static double days(X509Certificate cert, Clock clock) {
        return Duration.between(clock.instant(), cert.getNotAfter().toInstant()).toSeconds() / 86_400.0;
    }

    /** Starts the HTTP endpoint if enabled; a port in use is a start-up error naming metrics.listen. */
    public void serve(NodeConfig.Metrics settings) {
        if (!settings.enabled()) {
            return;
        }
        try {
            server = HttpServer.create(settings.listen().toSocketAddress(), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + settings.listen() + " (metrics.listen): " + e.getMessage()
                            + "; is another process using the port?",
                    e);
        }
        server.createContext("/metrics", this::handle);
        server.createContext("/", ex -> respond(ex, 404, "text/plain; charset=utf-8", "see /metrics\n"));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jaring-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        if (!settings.listen().isLoopback()) {
            LOG.warning("metrics are served on " + settings.listen() + ", not a loopback address: the endpoint has"
                    + " no authentication, restrict it with a firewall");
        }
    }

    /** The port the endpoint listens on, or -1 when metrics are disabled. */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            respond(ex, 405, "text/plain; charset=utf-8", "GET only\n");
            return;
        }
        respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }

    private static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
            server = null;
        }
        onClose.forEach(Runnable::run);
        gc.close();
        registry.close();
    }
}
