package org.jaring.node.server;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.jaring.node.api.NationalGrpcService;
import org.jaring.node.cases.CaseService;
import org.jaring.node.config.NodeConfig;
import org.jaring.node.indicator.Canonicalizer;
import org.jaring.node.store.CaseTable;
import org.jaring.node.store.IndicatorTable;
import org.jaring.node.store.RocksStore;

/**
 * One running node: its store, its services and its listeners, wired from a validated configuration.
 * Closing it stops the listeners first (in-flight calls finish), then the background work, then the store.
 */
public final class JaringNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JaringNode.class.getName());

    private final NodeConfig config;
    private final RocksStore store;
    private final ExpiryPurger purger;
    private final Server nationalServer;
    private final CaseService cases;

    private JaringNode(NodeConfig config, Clock clock) {
        this.config = config;
        this.store = RocksStore.open(config.dataDir(), config.nodeId(), config.store());
        try {
            IndicatorTable indicators = new IndicatorTable(store);
            this.cases = new CaseService(config.nodeId(), new CaseTable(store), indicators,
                    new Canonicalizer(config.country()), config.limits().maxBatchValues(), clock);
            this.purger = new ExpiryPurger(indicators, clock, config.expiryPurgeInterval());
            this.nationalServer = NettyServerBuilder.forAddress(config.listen().national().toSocketAddress())
                    .maxInboundMessageSize(config.limits().maxMessageBytes())
                    .addService(new NationalGrpcService(cases))
                    .build()
                    .start();
        } catch (IOException e) {
            store.close();
            throw new UncheckedIOException("cannot listen on " + config.listen().national()
                    + " (listen.national): " + e.getMessage() + "; is another process using the port?", e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        LOG.info(() -> "node " + config.nodeId() + " serving: national " + config.listen().national().host() + ":"
                + nationalPort() + ", data " + config.dataDir());
    }

    public static JaringNode start(NodeConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static JaringNode start(NodeConfig config, Clock clock) {
        return new JaringNode(config, clock);
    }

    public NodeConfig config() {
        return config;
    }

    /** The port the national service listens on (useful when the config asked for port 0). */
    public int nationalPort() {
        return nationalServer.getPort();
    }

    public CaseService cases() {
        return cases;
    }

    public void awaitTermination() throws InterruptedException {
        nationalServer.awaitTermination();
    }

    @Override
    public void close() {
        nationalServer.shutdown();
        try {
            if (!nationalServer.awaitTermination(10, TimeUnit.SECONDS)) {
                nationalServer.shutdownNow();
            }
        } catch (InterruptedException e) {
            nationalServer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        purger.close();
        store.close();
        LOG.info(() -> "node " + config.nodeId() + " stopped");
    }
}
