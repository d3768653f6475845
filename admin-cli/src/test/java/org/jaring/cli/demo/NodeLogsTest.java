package org.jaring.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trust WARNING or a stack trace printed by a node while the demo runs lands in the log folder, not on the
 * terminal; afterwards the terminal's handlers are back.
 */
class NodeLogsTest {
    @TempDir
    Path dir;

    @Test
    void warningsAndStackTracesGoToTheFilesNotTheTerminal() throws Exception {
        Logger root = LogManager.getLogManager().getLogger("");
        List<LogRecord> terminal = new CopyOnWriteArrayList<>();
        Handler console = new Handler() {
            @Override
            public void publish(LogRecord r) {
                terminal.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        root.addHandler(console);
        PrintStream savedErr = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        Path folder = dir.resolve("logs");
        try {
            try (NodeLogs logs = NodeLogs.redirectTo(folder)) {
                Logger.getLogger("org.jaring.core.trust.TrustStore").warning("anchor of XX-TEST is not pinned");
                new IllegalStateException("netty says no").printStackTrace();
                assertThat(logs.log()).isEqualTo(folder.resolve("nodes.log"));
            }
            assertThat(terminal).isEmpty();
            assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(Files.readString(folder.resolve("nodes.log")))
                    .contains("WARNING")
                    .contains("anchor of XX-TEST is not pinned");
            assertThat(Files.readString(folder.resolve("stderr.log"))).contains("netty says no");

            Logger.getLogger("after").warning("back on the terminal");
            assertThat(terminal).extracting(LogRecord::getMessage).containsExactly("back on the terminal");
        } finally {
            System.setErr(savedErr);
            root.removeHandler(console);
        }
    }
}
