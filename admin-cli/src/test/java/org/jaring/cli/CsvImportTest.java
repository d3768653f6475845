package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.v1.Case;
import org.jaring.v1.GetCaseRequest;
import org.jaring.v1.Indicator;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.PutCaseRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large CSV imports, which are read, checked and uploaded at the same time on several streams: every good row
 * is stored exactly once, every bad one is reported, and a file that breaks half-way leaves exactly what the
 * message says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsvImportTest {
    /** More than two upload segments (20,000 indicators each), so several streams carry the file. */
    private static final int ROWS = 45_000;

    private Path dir;
    private CliNode th;
    private ManagedChannel channel;
    private NationalServiceGrpc.NationalServiceBlockingStub stub;

    @BeforeAll
    void node(@TempDir Path tmp) {
        dir = tmp;
        th = CliNode.init(dir.resolve("th"), "TH-CCIB").start();
        try {
            channel = OwnNodeClient.open(
                    th.home.trustDir(),
                    "127.0.0.1",
                    th.node().nationalPort(),
                    th.home.clientCertificate("admin"),
                    th.home.clientKey("admin"),
                    null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        stub = NationalServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    void stop() {
        channel.shutdownNow();
        th.close();
    }

    private void putCase(String caseId) {
        stub.putCase(PutCaseRequest.newBuilder()
                .setCase(Case.newBuilder().setCaseId(caseId).setTitle("csv " + caseId))
                .build());
    }

    private Set<String> values(String caseId) {
        Set<String> out = new HashSet<>();
        for (Indicator i : stub.getCase(
                        GetCaseRequest.newBuilder().setCaseId(caseId).build())
                .getIndicatorsList()) {
            out.add(i.getValue());
        }
        return out;
    }

    /** Row {@code i} (data rows count from 0; the file's row number is i + 2). */
    private static String row(int i) {
        if (i % 1000 == 999) {
            return switch (i / 1000 % 3) {
                case 0 -> "ipv4,10.0.0.999,CC.FRAUD,80"; // not an address
                case 1 -> "domain,bad-score-" + i + ".example,CC.FRAUD,high"; // confidence not a number
                default -> "fax,fax:" + i + ",CC.FRAUD,80"; // no such type
            };
        }
        if (i % 500 == 250) {
            return "domain,HOST-" + (i - 1) + ".Example,CC.FRAUD,70"; // the row before it, spelled differently
        }
        return i % 2 == 0
                ? "ipv4,10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + ",CC.FRAUD,60"
                : "domain,host-" + i + ".example,CC.FRAUD,70";
    }

    private static boolean bad(int i) {
        return i % 1000 == 999;
    }

    private Path csv(String name, int rows, byte[] tail) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("kind,indicator,crime,score\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < rows; i++) {
                out.write((row(i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write(tail);
        }
        return file;
    }

    @Test
    void aLargeCsvWithBadRowsStoresEveryGoodRowOnceAndReportsEveryBadOne() throws Exception {
        putCase("BIG-1");
        Path file = csv("big.csv", ROWS, new byte[0]);
        Path report = dir.resolve("big-report.csv");
        Set<String> expected = new HashSet<>();
        List<String> badRows = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < ROWS; i++) {
            if (bad(i)) {
                badRows.add("line " + (i + 2) + ",");
            } else if (i % 500 == 250) {
                duplicates++;
            } else {
                String[] f = row(i).split(",");
                expected.add(f[1]);
            }
        }
        CliNode.Run r = th.cli(
                "import",
                file.toString(),
                "--case",
                "BIG-1",
                "--report",
                report.toString(),
                "--map",
                "kind=type,indicator=value,crime=offence,score=confidence",
                "--batch",
                "1000");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out())
                .contains("read " + ROWS + ", stored " + expected.size() + " (" + expected.size() + " new")
                .contains("duplicates in the file " + duplicates)
                .contains("refused " + badRows.size());
        assertThat(r.err()).contains("stored").contains("of " + String.format("%,d", expected.size()));
        List<String> lines = Files.readAllLines(report);
        assertThat(lines).hasSize(badRows.size() + 1);
        for (String position : badRows) {
            assertThat(lines).anyMatch(l -> l.startsWith(position));
        }
        assertThat(values("BIG-1")).isEqualTo(expected);

        CliNode.Run again = th.cli(
                "import",
                file.toString(),
                "--case",
                "BIG-1",
                "--report",
                report.toString(),
                "--map",
                "kind=type,indicator=value,crime=offence,score=confidence",
                "--streams",
                "2");
        assertThat(again.out()).contains("stored " + expected.size() + " (0 new");
        assertThat(values("BIG-1")).hasSize(expected.size());
    }

    @Test
    void aDryRunChecksAndReportsButSendsNothing() throws Exception {
        putCase("DRY-1");
        Path file = csv("dry.csv", 3_000, new byte[0]);
        Path report = dir.resolve("dry-report.csv");
        CliNode.Run r = th.cli(
                "import",
                file.toString(),
                "--case",
                "DRY-1",
                "--report",
                report.toString(),
                "--map",
                "kind=type,indicator=value,crime=offence,score=confidence",
                "--dry-run");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out())
                .contains(
                        "checked, nothing sent: read 3000, would send 2991, duplicates in the file 6," + " refused 3");
        assertThat(Files.readAllLines(report)).hasSize(4);
        assertThat(values("DRY-1")).isEmpty();
    }

    @Test
    void aFileThatBreaksHalfWayStoresNothingAndSaysWhere() throws Exception {
        putCase("BROKEN-1");
        // 30,000 good-looking rows, then bytes that are not UTF-8. The old import had stored the first segments
        // by the time it read them; the whole file is now checked before the upload, so nothing is stored.
        Path file = csv(
                "broken.csv", 30_000, new byte[] {'d', 'o', 'm', 'a', 'i', 'n', ',', (byte) 0xC3, (byte) 0x28, '\n'});
        CliNode.Run r = th.cli(
                "import",
                file.toString(),
                "--case",
                "BROKEN-1",
                "--map",
                "kind=type,indicator=value,crime=offence,score=confidence");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("line 30002").contains("byte offset").contains("not UTF-8");
        assertThat(values("BROKEN-1")).isEmpty();
    }

    /**
     * 1,500 rows with 1,000-character Thai notes are 4.5 MB of indicators: counted by indicators alone they went as
     * one LoadIndicators message of the default 5,000, above the node's 4 MiB limit, and the import failed. Batches
     * are now also cut by bytes.
     */
    @Test
    void rowsWithLongNotesAreSentInMessagesTheNodeAccepts() throws Exception {
        putCase("NOTES-1");
        Path file = dir.resolve("notes.csv");
        Set<String> expected = new HashSet<>();
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("type,value,note\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 1_500; i++) {
                out.write(("domain,long-note-" + i + ".example," + "ก".repeat(1_000) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                expected.add("long-note-" + i + ".example");
            }
        }
        CliNode.Run r = th.cli("import", file.toString(), "--case", "NOTES-1");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("stored 1500 (1500 new");
        assertThat(values("NOTES-1")).isEqualTo(expected);
    }
}
