package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jaring.core.Await;
import org.jaring.node.PeerLink;
import org.jaring.node.RunningNode;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.SyncNowResponse;
import org.jaring.v1.SyncResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One peer paused (its bytes held by the relay, as SIGSTOP looks from the network) during a sync round: the other
 * peer's feed is synced while the paused one's TLS handshake is still waiting. Before, peers were synced one
 * after another, so each waited for the paused peer's handshake to time out (`jaring sync now` took 14 s).
 */
class PausedPeerSyncTest {
    @TempDir
    Path dir;

    @Test
    void aPausedPeerHoldsBackOnlyItsOwnSync() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB");
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM");
                RunningNode bn = new RunningNode(dir.resolve("bn"), "BN-RBPF");
                PeerLink paused = new PeerLink(bn.node.peerPort())) {
            th.trustAt(bn, paused.endpoint(), "asean"); // first in the list: sorts before MY-PDRM
            th.trust(my, "asean");
            my.trust(th, "asean");
            bn.trust(th, "asean");
            paused.holdAfter(0);

            CompletableFuture<Void> round =
                    CompletableFuture.runAsync(() -> th.admin().syncNow(SyncNowRequest.getDefaultInstance()));
            Await.until(
                    "MY's feed is synced", () -> scrape(th).containsKey("jaring_sync_age_seconds{peer=\"MY-PDRM\"}"));
            Map<String, Double> now = scrape(th);
            assertThat(paused.holding()).isTrue();
            assertThat(now.keySet())
                    .as("the paused peer's feed call has not ended yet")
                    .noneMatch(k -> k.startsWith("jaring_grpc_client_calls_seconds_count")
                            && k.contains("peer=\"BN-RBPF\"")
                            && k.contains("method=\"Feed\""));

            paused.release();
            round.get(2, TimeUnit.MINUTES); // a bound against a hung build, not a timing assertion
        }
    }

    /**
     * An admin's {@code sync now} answers by its deadline while a peer is paused: the paused peer is reported as
     * still running (its handshake has not completed, and cannot while the relay holds it), the call does not fail
     * with DEADLINE_EXCEEDED, and the healthy peer's row is there.
     */
    @Test
    void syncNowAnswersByItsDeadlineWhileAPeerIsPaused() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB");
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM");
                RunningNode bn = new RunningNode(dir.resolve("bn"), "BN-RBPF");
                PeerLink paused = new PeerLink(bn.node.peerPort())) {
            th.trustAt(bn, paused.endpoint(), "asean");
            th.trust(my, "asean");
            my.trust(th, "asean");
            bn.trust(th, "asean");
            paused.holdAfter(0);

            // Below the 10 s TLS handshake time-out, so the paused peer's sync cannot have ended when it answers.
            SyncNowResponse r =
                    th.admin().withDeadlineAfter(9, TimeUnit.SECONDS).syncNow(SyncNowRequest.getDefaultInstance());
            Map<String, SyncResult> rows = new HashMap<>();
            r.getPeersList().forEach(p -> rows.put(p.getNodeId(), p));
            assertThat(rows).containsKeys("BN-RBPF", "MY-PDRM");
            assertThat(rows.get("BN-RBPF").getError()).startsWith("still running after");
            assertThat(paused.holding()).isTrue();
            paused.release();
        }
    }

    /** The node's meters as name{labels} -> value (Prometheus text, comments skipped). */
    private static Map<String, Double> scrape(RunningNode node) {
        try {
            String body = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + node.node.metricsPort() + "/metrics"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Map<String, Double> samples = new HashMap<>();
            for (String line : body.split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int split = line.lastIndexOf(' ');
                    String v = line.substring(split + 1);
                    samples.put(line.substring(0, split), v.equals("NaN") ? Double.NaN : Double.parseDouble(v));
                }
            }
            return samples;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
