package org.jaring.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jaring.node.server.NodeCallExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trust WARNING or a stack trace printed by a node while the demo runs lands in the log folder, not on the
 * terminal, in the file of the node that wrote it; afterwards the terminal's handlers are back.
 */
class NodeLogsTest {
    @TempDir
    Path dir;

    private final Logger root = LogManager.getLogManager().getLogger("");
    private final List<LogRecord> terminal = new CopyOnWriteArrayList<>();
    private final Handler console = new Handler() {
        @Override
        public void publish(LogRecord r) {
            terminal.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final PrintStream savedErr = System.err;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void watchTheTerminal() {
        root.addHandler(console);
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(savedErr);
        root.removeHandler(console);
    }

    @Test
    void warningsAndStackTracesGoToTheFilesNotTheTerminal() throws Exception {
        Path folder = dir.resolve("logs");
        try (NodeLogs logs = NodeLogs.redirectTo(folder)) {
            NodeLogs.Scope marked = logs.attributeTo("XX-TEST");
            try {
                Logger.getLogger("org.jaring.core.trust.TrustStore").warning("anchor of XX-TEST is not pinned");
            } finally {
                marked.close();
            }
            new IllegalStateException("netty says no").printStackTrace();
            assertThat(logs.log("XX-TEST")).isEqualTo(folder.resolve("XX-TEST.log"));
        }
        assertThat(terminal).isEmpty();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(Files.readString(folder.resolve("XX-TEST.log")))
                .contains("WARNING")
                .contains("anchor of XX-TEST is not pinned");
        assertThat(Files.readString(folder.resolve("stderr.log"))).contains("netty says no");

        Logger.getLogger("after").warning("back on the terminal");
        assertThat(terminal).extracting(LogRecord::getMessage).containsExactly("back on the terminal");
    }

    /**
     * Two nodes in one process: each starts a scheduler while it is being started, and that scheduler starts a
     * worker of its own later, as feed sync does. Every line lands in the file of the node whose start created
     * the thread; a thread named as gRPC's shared executor, even one created during a node's start, and the
     * threads it starts, go to shared.log, since they serve every node.
     */
    @Test
    void eachNodesThreadsWriteToThatNodesFileOnly() throws Exception {
        Path folder = dir.resolve("logs");
        Logger log = Logger.getLogger("org.jaring.node.server.JaringNode");
        try (NodeLogs logs = NodeLogs.redirectTo(folder)) {
            for (String node : List.of("AA-ONE", "BB-TWO")) {
                ExecutorService scheduler;
                Thread network;
                NodeLogs.Scope marked = logs.attributeTo(node);
                try {
                    log.info("node " + node + " serving");
                    scheduler = Executors.newSingleThreadExecutor(r -> new Thread(r, "jaring-feed-sync"));
                    // a node's start schedules its periodic tasks, which starts the scheduler's thread
                    scheduler.execute(() -> {});
                    network = new Thread(
                            () -> {
                                log.info("handshake seen on a shared thread, started by " + node);
                                Thread child = new Thread(() -> log.info("child of a shared thread"), "worker");
                                child.start();
                                join(child);
                            },
                            "grpc-default-executor-0");
                } finally {
                    marked.close();
                }
                log.info("the demo's own line after " + node);
                scheduler
                        .submit(() -> {
                            log.warning("node " + node + " sync round failed");
                            Thread worker =
                                    new Thread(() -> log.info(node + "'s peer worker"), "jaring-feed-sync-peer");
                            worker.start();
                            join(worker);
                        })
                        .get();
                scheduler.shutdown();
                assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
                network.start();
                network.join();
            }
        }
        String one = Files.readString(folder.resolve("AA-ONE.log"));
        String two = Files.readString(folder.resolve("BB-TWO.log"));
        String shared = Files.readString(folder.resolve("shared.log"));
        assertThat(one)
                .contains("node AA-ONE serving", "node AA-ONE sync round failed", "AA-ONE's peer worker")
                .doesNotContain("BB-TWO")
                .doesNotContain("shared thread")
                .doesNotContain("the demo's own line");
        assertThat(two)
                .contains("node BB-TWO serving", "node BB-TWO sync round failed", "BB-TWO's peer worker")
                .doesNotContain("AA-ONE")
                .doesNotContain("shared thread")
                .doesNotContain("the demo's own line");
        assertThat(shared)
                .contains("handshake seen on a shared thread, started by AA-ONE")
                .contains("handshake seen on a shared thread, started by BB-TWO")
                .contains("child of a shared thread")
                .contains("the demo's own line after AA-ONE")
                .doesNotContain("serving");
        assertThat(terminal).isEmpty();
    }

    /**
     * A node's call handlers run on its own executor, whose threads are created from Netty's shared event loops:
     * each line written while serving a call lands in the file of the node that served it, whichever pooled thread
     * ran it, and a line on the shared event loop itself still goes to shared.log.
     */
    @Test
    void callsServedOnANodesOwnExecutorWriteToThatNodesFile() throws Exception {
        Path folder = dir.resolve("logs");
        Logger log = Logger.getLogger("org.jaring.node.api.NationalGrpcService");
        try (NodeLogs logs = NodeLogs.redirectTo(folder);
                NodeCallExecutor one = new NodeCallExecutor("AA-ONE");
                NodeCallExecutor two = new NodeCallExecutor("BB-TWO")) {
            logs.attributeTo("AA-ONE").close();
            logs.attributeTo("BB-TWO").close();
            Thread eventLoop = new Thread(
                    () -> {
                        log.info("handshake on the event loop");
                        for (int i = 0; i < 20; i++) {
                            int call = i;
                            (call % 2 == 0 ? one : two).execute(() -> log.info("served call " + call));
                        }
                    },
                    "grpc-nio-worker-ELG-1-1");
            eventLoop.start();
            eventLoop.join();
            CountDownLatch done = new CountDownLatch(2);
            one.execute(done::countDown);
            two.execute(done::countDown);
            assertThat(done.await(1, TimeUnit.MINUTES)).isTrue();
        }
        String a = Files.readString(folder.resolve("AA-ONE.log"));
        String b = Files.readString(folder.resolve("BB-TWO.log"));
        for (int i = 0; i < 20; i++) {
            assertThat(i % 2 == 0 ? a : b).contains("served call " + i + System.lineSeparator());
            assertThat(i % 2 == 0 ? b : a).doesNotContain("served call " + i + System.lineSeparator());
        }
        assertThat(Files.readString(folder.resolve("shared.log")))
                .contains("handshake on the event loop")
                .doesNotContain("served call");
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
