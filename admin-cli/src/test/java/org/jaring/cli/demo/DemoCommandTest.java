package org.jaring.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.jaring.cli.JaringCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's main job, run as a user would, on a smaller dataset: the story must come out as told. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void theFederatedStoryComesOutAsTold() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = JaringCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        // Whatever reaches the handlers that were in place before the demo would reach the terminal.
        Logger root = LogManager.getLogManager().getLogger("");
        List<LogRecord> onTerminal = new CopyOnWriteArrayList<>();
        Handler terminal = new Handler() {
            @Override
            public void publish(LogRecord r) {
                onTerminal.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        root.addHandler(terminal);
        PrintStream savedErr = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = cli.execute("demo", "--nodes", "5", "--cases", "30", "--dir", dir.toString());
        } finally {
            System.setErr(savedErr);
            root.removeHandler(terminal);
        }
        String text = out.toString();
        assertThat(exit).as(text).isZero();
        // Node logs go to one file per node, whose paths are printed, not to the terminal.
        Path logs = dir.resolve("logs");
        assertThat(text).contains("Node logs (start-up lines, trust warnings, connection errors) go to " + logs);
        List<String> nodes = List.of("TH-CCIB", "MY-PDRM", "SG-SPF", "ID-POLRI", "PH-NBI");
        for (String node : nodes) {
            Path log = logs.resolve(node + ".log");
            assertThat(text).containsPattern(node + " +" + Pattern.quote(log.toString()));
            // Each node's file holds its own start-up line and no other node's.
            String lines = Files.readString(log);
            assertThat(lines).as(log.toString()).contains("node " + node + " serving: peer :");
            for (String other : nodes) {
                if (!other.equals(node)) {
                    assertThat(lines).as(log.toString()).doesNotContain("node " + other + " serving");
                }
            }
        }
        // PH-NBI went offline in step 5: its stop is in its own file.
        assertThat(Files.readString(logs.resolve("PH-NBI.log"))).contains("node PH-NBI stopped");
        assertThat(onTerminal)
                .as("log records that reached the terminal")
                .filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .isEmpty();
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .doesNotContain("WARNING")
                .doesNotContain("\tat ");
        assertThat(text).doesNotContain("WARNING").doesNotContain("\tat ").doesNotContain("Exception");
        // Every node is ready before the analyst asks, and every expectation printed is met (or said not to be).
        assertThat(section(text, "[3/7]", "[4/7]"))
                .contains("all 5 nodes ready")
                .doesNotContain("NOT READY");
        assertThat(text).doesNotContain("NOT AS EXPECTED");
        assertThat(text).contains("20 trust decisions");
        // The wallet: TH's own record and Malaysia's.
        assertThat(section(text, "Pig-butchering wallet", "Parcel-redelivery"))
                .contains("ETH:0x52908400098527886E0F7030069857D2E4169EE7  wallet  TH-CCIB")
                .contains("ETH:0x52908400098527886E0F7030069857D2E4169EE7  wallet  MY-PDRM")
                .doesNotContain("unreachable");
        // The AMBER domain, shown to the group 'asean' by SG, ID and PH.
        assertThat(section(text, "Parcel-redelivery", "Call-centre"))
                .contains("domain  SG-SPF")
                .contains("domain  ID-POLRI")
                .contains("domain  PH-NBI")
                .contains("AMBER");
        // TLP:RED never leaves Singapore.
        assertThat(section(text, "TLP:RED", "[5/7]")).contains("(no hit)").doesNotContain("email  SG-SPF");
        // The step after a hit: a preservation request to Malaysia, acknowledged and answered, held alike.
        assertThat(section(text, "The step after a hit", "[5/7]"))
                .contains("TH-CCIB asks MY-PDRM to preserve")
                .contains("DELIVERED")
                .contains("ACKNOWLEDGED")
                .contains("FULFILLED")
                .contains("both nodes hold the same signed history: yes");
        // Asked blind: the wallet's holder (MY-PDRM) recorded the value, every other member nothing about it.
        String blind = section(text, "[5/7]", "[6/7]");
        assertThat(blind)
                .containsPattern("MY-PDRM +answered +blind")
                .containsPattern("(?i)MY-PDRM +yes +ETH:0x52908400098527886E0F7030069857D2E4169EE7, asked by TH-CCIB");
        for (String other : List.of("SG-SPF", "ID-POLRI", "PH-NBI")) {
            assertThat(blind).containsPattern(other + " +no +nothing: it saw blinded points and tags only");
        }
        // With five members, the fifth (PH-NBI) goes offline and is reported, while the others answer.
        assertThat(section(text, "[6/7]", "[7/7]"))
                .contains("PH-NBI goes offline")
                .containsPattern("PH-NBI +unreachable")
                .contains("domain  SG-SPF")
                .doesNotContain("domain  PH-NBI");
        // Singapore's own record of who asked.
        assertThat(section(text, "[7/7]", "Done."))
                .contains("TH-CCIB")
                .contains("TH-2026-0042")
                .contains("police-cooperation");
    }

    private static String section(String text, String from, String to) {
        int start = text.indexOf(from);
        int end = text.indexOf(to, start + 1);
        assertThat(start).as("section '%s' in:%n%s", from, text).isNotNegative();
        return text.substring(start, end < 0 ? text.length() : end);
    }
}
