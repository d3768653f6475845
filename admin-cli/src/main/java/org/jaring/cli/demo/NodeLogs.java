package org.jaring.cli.demo;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.jaring.node.server.NodeCallExecutor;

/**
 * While the demo runs, the nodes' logs (start-up lines, trust warnings, Netty's and gRPC's stack traces) go to
 * files in one folder instead of the terminal, where they would bury the story: one file per node,
 * {@code NODE-ID.log}.
 *
 * <p>The nodes run in this one process and share java.util.logging, whose records do not say which node wrote
 * them. So the demo marks the thread that creates and starts a node with the node's id ({@link #attributeTo}),
 * and every thread that node starts inherits the mark: its schedulers, feed sync, audit and store threads. The
 * handlers of a node's calls run on that node's own executor, which marks each call with the node
 * ({@link NodeCallExecutor#servingNode}). Netty's event loops and gRPC's own pool (client calls' callbacks, timers)
 * are shared by every node in the process, so a line written on one of them cannot be attributed honestly; those
 * go to {@code shared.log}, and so do the lines of the demo's own threads. Whatever is printed to standard error directly (uncaught exceptions) goes to
 * {@code stderr.log}.
 */
final class NodeLogs implements AutoCloseable {
    private static final InheritableThreadLocal<String> NODE = new InheritableThreadLocal<>() {
        @Override
        protected String childValue(String parent) {
            // called on the parent thread: a thread started from a shared network thread belongs to no node
            return shared(Thread.currentThread()) ? null : parent;
        }
    };

    private final Path folder;
    private final Logger root = LogManager.getLogManager().getLogger("");
    private final List<Handler> saved;
    private final Level savedLevel;
    private final Map<String, FileLog> perNode = new ConcurrentHashMap<>();
    private final FileLog sharedLog;
    private final Handler router = new Handler() {
        @Override
        public void publish(LogRecord r) {
            target().publish(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final PrintStream savedErr = System.err;
    private final PrintStream err;

    private NodeLogs(Path folder) throws IOException {
        this.folder = folder;
        this.saved = List.of(root.getHandlers());
        this.savedLevel = root.getLevel();
        this.sharedLog = new FileLog(shared());
        this.err = new PrintStream(new FileOutputStream(stderr().toFile(), true), true, StandardCharsets.UTF_8);
    }

    /**
     * Sends every log record and standard error to files under {@code folder} until {@link #close()}. The files
     * keep INFO lines too (the terminal shows only warnings), so that each node's log says when it served.
     */
    static NodeLogs redirectTo(Path folder) throws IOException {
        Files.createDirectories(folder);
        NodeLogs logs = new NodeLogs(folder);
        for (Handler h : logs.saved) {
            logs.root.removeHandler(h);
        }
        logs.root.addHandler(logs.router);
        if (System.getenv("JARING_DEBUG") == null) {
            logs.root.setLevel(Level.INFO);
        }
        System.setErr(logs.err);
        return logs;
    }

    /**
     * Until the returned scope is closed, this thread's log lines, and those of every thread it starts (and they
     * start), go to {@code NODE-ID.log}; the file exists from now on, even before its first line.
     */
    Scope attributeTo(String nodeId) {
        perNode.computeIfAbsent(nodeId, id -> {
            try {
                return new FileLog(log(id));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String before = NODE.get();
        NODE.set(nodeId);
        return () -> NODE.set(before);
    }

    /** A thread-mark that ends without an exception. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private Handler target() {
        // A call handler names its node explicitly, on whichever pooled thread it runs.
        String serving = NodeCallExecutor.servingNode();
        String node = serving != null ? serving : NODE.get();
        if (node == null || (serving == null && shared(Thread.currentThread()))) {
            return sharedLog;
        }
        FileLog log = perNode.get(node);
        return log == null ? sharedLog : log;
    }

    /** gRPC's executor and timer, Netty's event loops, the common fork-join pool: one for every node here. */
    static boolean shared(Thread t) {
        String name = t.getName().toLowerCase(Locale.ROOT);
        return name.startsWith("grpc-")
                || name.contains("eventloop")
                || name.contains("eventexecutor")
                || name.startsWith("forkjoinpool");
    }

    Path folder() {
        return folder;
    }

    /** Names each node's log file, then the two others, one per line. */
    void printWhere(List<String> nodeIds, PrintWriter out) {
        out.printf("Node logs, one file per node:%n");
        for (String id : nodeIds) {
            out.printf("  %-9s %s%n", id, log(id));
        }
        out.printf(
                "  shared    %s (Netty's event loops and gRPC's own threads, which the nodes share in this process)%n",
                shared());
        out.printf("  stderr    %s%n", stderr());
    }

    /** The log of one node. */
    Path log(String nodeId) {
        return folder.resolve(nodeId + ".log");
    }

    /** Lines no node can be named for: the shared network threads' and the demo's own. */
    Path shared() {
        return folder.resolve("shared.log");
    }

    Path stderr() {
        return folder.resolve("stderr.log");
    }

    @Override
    public void close() {
        System.setErr(savedErr);
        root.removeHandler(router);
        root.setLevel(savedLevel);
        for (Handler h : saved) {
            root.addHandler(h);
        }
        perNode.values().forEach(FileLog::close);
        sharedLog.close();
        err.close();
    }

    /** A log file written line by line (readable while the network keeps running), appended to. */
    private static final class FileLog extends StreamHandler {
        FileLog(Path file) throws IOException {
            super(open(file), new SimpleFormatter());
            setEncoding(StandardCharsets.UTF_8.name());
            setLevel(Level.ALL);
        }

        private static OutputStream open(Path file) throws IOException {
            return new FileOutputStream(file.toFile(), true);
        }

        @Override
        public synchronized void publish(LogRecord r) {
            super.publish(r);
            flush();
        }
    }
}
