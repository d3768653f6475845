package org.jaring.cli.demo;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * While the demo runs, the nodes' logs (trust warnings, Netty's and gRPC's stack traces) go to files in one
 * folder instead of the terminal, where they would bury the story. The nodes run in this one process and share
 * java.util.logging, so their log lines share one file; each line names its logger. Whatever is printed to
 * standard error directly (uncaught exceptions in the nodes' threads) goes to a second file.
 */
final class NodeLogs implements AutoCloseable {
    private final Path folder;
    private final Logger root = LogManager.getLogManager().getLogger("");
    private final List<Handler> saved;
    private final FileHandler file;
    private final PrintStream savedErr = System.err;
    private final PrintStream err;

    private NodeLogs(Path folder) throws IOException {
        this.folder = folder;
        this.saved = List.of(root.getHandlers());
        this.file = new FileHandler(log().toString(), true);
        file.setFormatter(new SimpleFormatter());
        file.setEncoding(StandardCharsets.UTF_8.name());
        this.err = new PrintStream(new FileOutputStream(stderr().toFile(), true), true, StandardCharsets.UTF_8);
    }

    /** Sends every log record and standard error to files under {@code folder} until {@link #close()}. */
    static NodeLogs redirectTo(Path folder) throws IOException {
        Files.createDirectories(folder);
        NodeLogs logs = new NodeLogs(folder);
        for (Handler h : logs.saved) {
            logs.root.removeHandler(h);
        }
        logs.root.addHandler(logs.file);
        System.setErr(logs.err);
        return logs;
    }

    Path folder() {
        return folder;
    }

    Path log() {
        return folder.resolve("nodes.log");
    }

    Path stderr() {
        return folder.resolve("stderr.log");
    }

    @Override
    public void close() {
        System.setErr(savedErr);
        root.removeHandler(file);
        for (Handler h : saved) {
            root.addHandler(h);
        }
        file.close();
        err.close();
    }
}
