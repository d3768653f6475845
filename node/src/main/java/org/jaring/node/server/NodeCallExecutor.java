package org.jaring.node.server;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of one node's gRPC call handlers, shared by its listeners: a cached pool like gRPC's default
 * executor, but the node's own. Each task runs marked with the node's id ({@link #servingNode}), so where several
 * nodes share one process (the demo), a log line written while serving a call names the node that served it
 * instead of landing with the lines of gRPC's process-wide pool. Netty's event loops stay shared.
 */
public final class NodeCallExecutor implements Executor, AutoCloseable {
    private static final ThreadLocal<String> SERVING = new ThreadLocal<>();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String nodeId;
    private final ExecutorService pool;

    public NodeCallExecutor(String nodeId) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jaring-call-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The node whose call this thread is serving now, or null outside a call handler. */
    public static String servingNode() {
        return SERVING.get();
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(() -> {
            SERVING.set(nodeId);
            try {
                task.run();
            } finally {
                SERVING.remove();
            }
        });
    }

    /** After the listeners have stopped: lets running handlers finish for a moment, then interrupts them. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
