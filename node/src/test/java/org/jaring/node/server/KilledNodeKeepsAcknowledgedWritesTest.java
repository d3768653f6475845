package org.jaring.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.core.setup.NodeHome;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.node.TestConfigs;
import org.jaring.node.cases.CaseService;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupLocalResult;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.PutCaseRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node process killed with SIGKILL right after acknowledging writes must lose none of them: every
 * acknowledged batch was synced to the write-ahead log before the answer left the node.
 */
class KilledNodeKeepsAcknowledgedWritesTest {
    private static final Pattern READY = Pattern.compile("ready: .*national 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedIndicatorIsThereAfterSigkill() throws Exception {
        NodeHome home = TestConfigs.init(dir, "TH-CCIB", "");
        Path config = home.config();
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.jaring.node.NodeMain",
                        config.toString())
                .redirectErrorStream(true)
                .start();
        List<String> acknowledged = new ArrayList<>();
        try {
            int port = awaitReady(process);
            ManagedChannel channel = OwnNodeClient.open(
                    home.trustDir(), "127.0.0.1", port, home.clientCertificate("admin"), home.clientKey("admin"), null);
            NationalServiceGrpc.NationalServiceBlockingStub stub = NationalServiceGrpc.newBlockingStub(channel);
            stub.putCase(PutCaseRequest.newBuilder()
                    .setCase(Case.newBuilder().setCaseId("K-1"))
                    .build());
            for (int batch = 0; batch < 20; batch++) {
                AddIndicatorsRequest.Builder request =
                        AddIndicatorsRequest.newBuilder().setCaseId("K-1");
                List<String> values = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    String value = "host-" + batch + "-" + i + ".kill-test.example";
                    values.add(value);
                    request.addIndicators(Indicator.newBuilder()
                            .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                            .setValue(value));
                }
                stub.withDeadlineAfter(60, TimeUnit.SECONDS).addIndicators(request.build());
                acknowledged.addAll(values);
            }
            process.destroyForcibly(); // SIGKILL, straight after the last acknowledgement
            channel.shutdownNow();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        try (JaringNode restarted = JaringNode.start(TestConfigs.config(home))) {
            CaseService cases = restarted.cases();
            LookupLocalRequest.Builder lookup = LookupLocalRequest.newBuilder();
            for (String v : acknowledged.subList(0, 1000)) {
                lookup.addQueries(LookupQuery.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                        .setValue(v));
            }
            List<LookupLocalResult> first = cases.lookupLocal(lookup.build()).getResultsList();
            lookup.clearQueries();
            for (String v : acknowledged.subList(1000, 2000)) {
                lookup.addQueries(LookupQuery.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                        .setValue(v));
            }
            List<LookupLocalResult> second = cases.lookupLocal(lookup.build()).getResultsList();
            assertThat(acknowledged).hasSize(2000);
            assertThat(first).allSatisfy(r -> assertThat(r.getIndicatorsCount()).isEqualTo(1));
            assertThat(second)
                    .allSatisfy(r -> assertThat(r.getIndicatorsCount()).isEqualTo(1));
        }
    }

    private static int awaitReady(Process process) throws Exception {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        // A JVM starting on a loaded machine may take a minute; this only bounds a node that never gets ready.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = READY.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("node process did not become ready; it printed:\n" + seen);
    }
}
