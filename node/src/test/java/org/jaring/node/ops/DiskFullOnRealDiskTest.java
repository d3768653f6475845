package org.jaring.node.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jaring.core.Await;
import org.jaring.node.RunningNode;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose home is on a small tmpfs fills it for real (ENOSPC). Skipped where mounting is not allowed (not
 * root, or no CAP_SYS_ADMIN). Checks the runbook: new data refused with RESOURCE_EXHAUSTED once free space is
 * below the reserve, lookups and their audit records still working from the reserve, new data taken again without
 * a restart once space is freed, a stop that completes while the disk is full, and acknowledged indicators all
 * there after a restart.
 */
@Tag("slow")
class DiskFullOnRealDiskTest {
    private static final int BATCH = 1_000;

    @TempDir
    Path dir;

    private Path mount;
    private final List<String> sample = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", "-l", mount.toString());
        }
    }

    @Test
    void aFullDiskRefusesNewDataKeepsAnsweringAndLosesNothing() throws Exception {
        mount = dir.resolve("disk");
        Files.createDirectories(mount);
        Assumptions.assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", mount.toString()) == 0,
                "mounting a small tmpfs is not allowed here");
        Path filler = mount.resolve("other-program.log"); // what the operator will delete
        fill(filler, 32 << 20);

        RunningNode th =
                new RunningNode(mount.resolve("th"), "TH-CCIB", "store: {reserve_mb: 16, write_buffer_mb: 4}\n");
        try {
            th.analyst()
                    .putCase(PutCaseRequest.newBuilder()
                            .setCase(Case.newBuilder()
                                    .setCaseId("TH-1")
                                    .setTitle("parcel scam")
                                    .addOffences(Offence.OFFENCE_FRAUD)
                                    .setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN)))
                            .build());
            List<String> acknowledged = new ArrayList<>();
            StatusRuntimeException refused = fillUntilRefused(th, acknowledged, 0);
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(refused.getStatus().getDescription())
                    .contains("almost full")
                    .contains("reserve")
                    .doesNotContain("internal error");
            assertThat(th.node.store().onReserve())
                    .as("the reserve was released")
                    .isTrue();

            // Lookups, each with its audit record, are answered from the reserve.
            for (int i = 0; i < 50; i++) {
                assertThat(lookupFinds(th, acknowledged.get(i * 7))).isTrue();
            }
            StatusRuntimeException stillRefused = fillUntilRefused(th, acknowledged, acknowledged.size());
            assertThat(stillRefused.getStatus().getDescription()).contains("reserve");
            assertThat(OpsEndpointsTest.scrape(th.node.metricsPort()).get("jaring_store_reserve_in_use"))
                    .isEqualTo(1.0);

            Files.delete(filler); // the operator frees space: no restart
            Await.until("new data is accepted again", () -> {
                th.node.health().check();
                return !th.node.store().onReserve() && th.node.store().faults().writeFault() == null;
            });
            addBatch(th, acknowledged, "after-" + acknowledged.size());

            fillUntilRefused(th, acknowledged, acknowledged.size()); // full again, and now stop the node
            CompletableFuture<Void> stop = CompletableFuture.runAsync(th::stop);
            stop.get(2, TimeUnit.MINUTES); // a bound against a hung build: the stop completes on a full disk
        } finally {
            th.stop();
        }
        assertThat(run("mount", "-o", "remount,size=200m", mount.toString())).isZero();
        th.restart();
        try {
            List<String> missing = new ArrayList<>();
            for (String value : sample) {
                if (!lookupFinds(th, value)) {
                    missing.add(value);
                }
            }
            assertThat(missing)
                    .as("acknowledged indicators missing after the restart")
                    .isEmpty();
        } finally {
            th.stop();
        }
    }

    private StatusRuntimeException fillUntilRefused(RunningNode th, List<String> acknowledged, int from) {
        for (int round = 0; ; round++) {
            try {
                addBatch(th, acknowledged, "r" + from + "-" + round);
            } catch (StatusRuntimeException e) {
                return e;
            }
        }
    }

    private void addBatch(RunningNode th, List<String> acknowledged, String prefix) {
        AddIndicatorsRequest.Builder request = AddIndicatorsRequest.newBuilder().setCaseId("TH-1");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            String domain = prefix + "-" + i + "-parcel-redelivery-" + Integer.toHexString(prefix.hashCode() * 31 + i)
                    + ".example";
            values.add(domain);
            request.addIndicators(Indicator.newBuilder()
                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                    .setValue(domain)
                    .setConfidence(80));
        }
        th.analyst().addIndicators(request.build());
        acknowledged.addAll(values);
        sample.add(values.get(0)); // the first and last of each acknowledged batch are looked up after the restart
        sample.add(values.get(values.size() - 1));
    }

    private static boolean lookupFinds(RunningNode th, String value) {
        try {
            return th.analyst()
                            .lookupLocal(LookupLocalRequest.newBuilder()
                                    .addQueries(LookupQuery.newBuilder().setValue(value))
                                    .build())
                            .getResults(0)
                            .getIndicatorsCount()
                    == 1;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    private static void fill(Path file, int bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(bytes));
        }
    }

    private static int run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(1, TimeUnit.MINUTES) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1; // no mount command
        }
    }
}
