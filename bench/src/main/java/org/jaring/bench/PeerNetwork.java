package org.jaring.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.core.indicator.InvalidIndicatorException;
import org.jaring.v1.Indicator;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Purpose;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.SyncNowResponse;
import org.jaring.v1.SyncResult;

/**
 * An asking node and up to ten peers on 127.0.0.1, every pair trusting each other through the admin service
 * (group {@link PeerBench#GROUP}); each peer holds its own generated indicators, TLP:GREEN to the group.
 */
final class PeerNetwork implements AutoCloseable {
    private static final String[] PEER_IDS = {
        "MY-P01", "SG-P02", "ID-P03", "PH-P04", "VN-P05", "KH-P06", "LA-P07", "MM-P08", "BN-P09", "TH-P10"
    };
    static final Purpose PURPOSE = Purpose.newBuilder()
            .setCaseReference("TH-2026-BENCH")
            .setLegalBasis(LegalBasis.LEGAL_BASIS_POLICE_COOPERATION)
            .setNote("benchmark")
            .build();

    final BenchNode asker;
    final List<BenchNode> peers = new ArrayList<>();
    /** Per peer, its stored values in canonical form (valid at any node). */
    final List<List<LookupQuery>> held = new ArrayList<>();

    private PeerNetwork(BenchNode asker) {
        this.asker = asker;
    }

    static PeerNetwork start(Path root, int peerCount, int indicatorsPerPeer, String tlsProvider, Progress progress)
            throws Exception {
        PeerNetwork n = new PeerNetwork(
                BenchNode.create(root, "TH-ASKER", tlsProvider, 0).start());
        try {
            IndicatorSource source = new IndicatorSource(StoreBench.SEED + 1);
            for (int i = 0; i < peerCount; i++) {
                BenchNode peer =
                        BenchNode.create(root, PEER_IDS[i], tlsProvider, 0).start();
                n.peers.add(peer);
                Canonicalizer canonicalizer =
                        new Canonicalizer(peer.node().config().country());
                List<Indicator> valid = new ArrayList<>();
                List<LookupQuery> canonical = new ArrayList<>();
                for (Indicator ind : source.chunk(1_000 + i, indicatorsPerPeer)) {
                    try {
                        CanonicalValue cv = canonicalizer.canonicalize(ind.getType(), ind.getValue());
                        valid.add(ind);
                        canonical.add(LookupQuery.newBuilder()
                                .setType(cv.type())
                                .setValue(cv.value())
                                .build());
                    } catch (InvalidIndicatorException e) {
                        // spelled for another region; leave it out
                    }
                }
                Loader.putCase(peer, "PEER-DATA", PeerBench.GROUP);
                Loader.load(peer, Loader.batches("PEER-DATA", valid));
                n.held.add(canonical);
                peer.trust(n.asker, PeerBench.GROUP);
                n.asker.trust(peer, PeerBench.GROUP);
                progress.line(
                        "network: %s up, %,d indicators, trusts and is trusted by %s",
                        peer.nodeId, valid.size(), n.asker.nodeId);
            }
            n.asker.node().peerChannels().connectAll();
            // The asker pulls every peer's shared feed now, as a node that has run for a while has. Otherwise its
            // first periodic sync (sync.interval after start) pulls every peer's indicators in the middle of the
            // measured rounds: in the fan-out it fell on the one-value lookups and made most of their p99.
            long t0 = System.nanoTime();
            SyncNowResponse synced = n.asker.admin().syncNow(SyncNowRequest.getDefaultInstance());
            for (SyncResult r : synced.getPeersList()) {
                if (!r.getError().isEmpty()) {
                    throw new IllegalStateException(
                            "the bench network's first sync from " + r.getNodeId() + " failed: " + r.getError());
                }
            }
            long items = synced.getPeersList().stream()
                    .mapToLong(SyncResult::getApplied)
                    .sum();
            progress.line(
                    "network: %s pulled %,d shared items from %d peers in %.1f s before measuring (a node's"
                            + " steady state: its periodic syncs then find nothing new)",
                    n.asker.nodeId, items, synced.getPeersCount(), (System.nanoTime() - t0) / 1e9);
        } catch (Exception | Error e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** {@code size} values held by peer {@code peer} (or by random peers when peer is -1). */
    List<LookupQuery> values(int peer, int size, Random random) {
        List<LookupQuery> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            List<LookupQuery> from = held.get(peer >= 0 ? peer : random.nextInt(held.size()));
            out.add(from.get(random.nextInt(from.size())));
        }
        return out;
    }

    @Override
    public void close() {
        for (BenchNode p : peers) {
            p.close();
        }
        asker.close();
    }
}
