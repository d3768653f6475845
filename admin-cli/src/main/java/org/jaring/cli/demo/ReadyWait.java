package org.jaring.cli.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jaring.v1.PeerHealth;
import org.jaring.v1.PeersStatusRequest;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.SyncResult;

/**
 * Before the analyst asks, every node must have connected to every peer and finished a first feed sync with
 * each: otherwise the first lookups race the connections and a slow start reads as a missing hit.
 */
final class ReadyWait {
    /** Far above what a start takes on a busy laptop; past it the demo goes on and says which peer lags. */
    private static final long LIMIT_NANOS = 180_000_000_000L;

    private ReadyWait() {}

    static void untilReady(List<DemoNode> network, PrintWriter out) throws InterruptedException {
        out.println("      Waiting until every node is connected to every peer and has synced with it once");
        out.flush();
        long start = System.nanoTime();
        Map<String, String> lagging = notReady(network);
        while (!lagging.isEmpty() && System.nanoTime() - start < LIMIT_NANOS) {
            Thread.sleep(250);
            lagging = notReady(network);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (lagging.isEmpty()) {
            out.printf(
                    "      all %d nodes ready after %.1f s: %d peer connections, each synced once%n",
                    network.size(), seconds, network.size() * (network.size() - 1));
        } else {
            out.printf(
                    "      NOT READY after %.0f s; the story goes on, and may miss hits from these peers:%n", seconds);
            lagging.forEach((link, why) -> out.printf("        %s: %s%n", link, why));
        }
        out.flush();
    }

    /** "ASKER -> PEER" for every link that is not yet connected and synced, with the reason in words. */
    private static Map<String, String> notReady(List<DemoNode> network) {
        Map<String, String> lagging = new LinkedHashMap<>();
        for (DemoNode n : network) {
            List<SyncResult> synced;
            List<PeerHealth> health;
            try {
                synced = new ArrayList<>(
                        n.admin().syncNow(SyncNowRequest.getDefaultInstance()).getPeersList());
                health = n.admin()
                        .peersStatus(PeersStatusRequest.getDefaultInstance())
                        .getPeersList();
            } catch (RuntimeException e) {
                lagging.put(n.id(), "its admin service did not answer: " + e.getMessage());
                continue;
            }
            for (DemoNode peer : network) {
                if (peer == n) {
                    continue;
                }
                String link = n.id() + " -> " + peer.id();
                SyncResult sync = synced.stream()
                        .filter(r -> r.getNodeId().equals(peer.id()))
                        .findFirst()
                        .orElse(null);
                PeerHealth h = health.stream()
                        .filter(p -> p.getNodeId().equals(peer.id()))
                        .findFirst()
                        .orElse(null);
                if (sync == null || h == null) {
                    lagging.put(link, "not yet among the node's peers");
                } else if (!sync.getError().isEmpty()) {
                    lagging.put(link, "sync: " + sync.getError());
                } else if (!"READY".equals(h.getConnectivity())) {
                    lagging.put(link, "connection " + h.getConnectivity());
                } else if (!h.hasLastSync()) {
                    lagging.put(link, "no sync finished yet");
                }
            }
        }
        return lagging;
    }
}
