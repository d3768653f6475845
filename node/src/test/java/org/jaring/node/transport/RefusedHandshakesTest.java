package org.jaring.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocket;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.TrustDecisionMetrics;
import org.jaring.node.RunningNode;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stranger refused again and again costs the audit log a bounded number of records (the first of each
 * interval in full, the rest in one summary), while the metric counts every refusal.
 */
class RefusedHandshakesTest {
    @TempDir
    Path dir;

    @Test
    void manyRefusedHandshakesWriteOneRecordAndOneSummaryWhileTheMetricCountsThemAll() throws Exception {
        int attempts = 50;
        try (RunningNode th =
                new RunningNode(dir.resolve("th"), "TH-CCIB", "transport: {refusal_summary_interval: 24h}\n")) {
            IssuedCertificate evil = RawClients.stranger("XX-EVIL");
            for (int i = 0; i < attempts; i++) {
                refusedHandshake(th, evil);
            }
            await(() -> refused(th) == attempts);
            await(() -> handshakeRefusals(th.node.store()).size() == 1);
            assertThat(handshakeRefusals(th.node.store()))
                    .singleElement()
                    .satisfies(r -> assertThat(detail(r, "reason")).isEqualTo("UNKNOWN_PEER"));

            NodeConfig config = th.config();
            th.stop(); // the summary of the interval is written as the node closes
            List<AuditRecord> records;
            try (RocksStore store = RocksStore.open(config.dataDir(), config.nodeId(), config.store())) {
                records = handshakeRefusals(store);
            }
            assertThat(records).hasSize(2);
            AuditRecord summary = records.get(1);
            assertThat(summary.getSubject()).isEqualTo("summary");
            assertThat(detail(summary, "listener")).isEqualTo("peer");
            assertThat(detail(summary, "refused")).isEqualTo(Integer.toString(attempts - 1));
            assertThat(detail(summary, "reasons")).isEqualTo("UNKNOWN_PEER=" + (attempts - 1));
            assertThat(detail(summary, "claimed")).contains("XX-EVIL");
            assertThat(detail(summary, "fingerprints").split("\n")).hasSize(1);
        }
    }

    @Test
    void theSummaryIsWrittenInTheBackgroundAtTheEndOfEachInterval() throws Exception {
        try (RunningNode th =
                new RunningNode(dir.resolve("th"), "TH-CCIB", "transport: {refusal_summary_interval: 200ms}\n")) {
            IssuedCertificate evil = RawClients.stranger("XX-EVIL");
            // A summary needs two refusals in one interval. A burst of twelve at once gives that on an idle machine;
            // on a loaded one a handshake may outlast the interval, so bursts go on until a summary is written.
            ExecutorService clients = Executors.newFixedThreadPool(12);
            int attempts = 0;
            try {
                while (handshakeRefusals(th.node.store()).stream()
                        .noneMatch(r -> r.getSubject().equals("summary"))) {
                    assertThat(attempts).as("refusals without a summary").isLessThan(1_200);
                    List<Future<?>> burst = new ArrayList<>();
                    for (int i = 0; i < 12; i++) {
                        burst.add(clients.submit(() -> {
                            refusedHandshake(th, evil);
                            return null;
                        }));
                    }
                    for (Future<?> f : burst) {
                        f.get();
                    }
                    attempts += burst.size();
                    int sent = attempts;
                    // Every refusal is in the log, in full or in a summary, without the node closing.
                    await(() -> recorded(th.node.store()) == sent);
                }
            } finally {
                clients.shutdownNow();
            }
            int sent = attempts;
            await(() -> refused(th) == sent);
        }
    }

    private static void refusedHandshake(RunningNode th, IssuedCertificate cert) throws Exception {
        try (SSLSocket s = RawClients.tls12(th.node.peerPort(), cert)) {
            assertThatThrownBy(() -> {
                        s.startHandshake();
                        s.getInputStream().read(); // TLS 1.2: the refusal may arrive after the client's Finished
                    })
                    .isInstanceOf(IOException.class);
        }
    }

    private static double refused(RunningNode th) {
        return RawClients.count(
                th.node.metrics(),
                TrustDecisionMetrics.METER,
                "outcome",
                "refused",
                "stage",
                "handshake",
                "listener",
                "peer",
                "reason",
                "unknown_peer");
    }

    /** Refusals the audit log accounts for: one per record in full, N per summary. */
    private static long recorded(RocksStore store) {
        long n = 0;
        for (AuditRecord r : handshakeRefusals(store)) {
            n += r.getSubject().equals("summary") ? Long.parseLong(detail(r, "refused")) : 1;
        }
        return n;
    }

    static List<AuditRecord> handshakeRefusals(RocksStore store) {
        List<AuditRecord> out = new ArrayList<>();
        try (var it = store.newIterator(ColumnFamily.AUDIT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                AuditRecord r = AuditRecord.parseFrom(
                        SealedAuditRecord.parseFrom(it.value()).getRecord());
                if (r.getKind() == AuditKind.AUDIT_KIND_CONNECTION_REFUSED && "HANDSHAKE".equals(detail(r, "stage"))) {
                    out.add(r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static String detail(AuditRecord r, String key) {
        return r.getDetailsList().stream()
                .filter(d -> d.getKey().equals(key))
                .map(d -> d.getValue())
                .findFirst()
                .orElse(null);
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 2 minutes");
            }
            Thread.sleep(20);
        }
    }
}
