package org.jaring.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.PeerStatus;

/**
 * Benchmark 4: an analyst's LookupFederated through the asking node's national service, fanned out to every
 * peer in parallel; the baseline is one direct PeerService.Lookup to a single peer of the same size.
 */
final class FanoutBench {
    private final Scale scale;
    private final Progress progress;
    private final Results results;

    FanoutBench(Scale scale, Progress progress, Results results) {
        this.scale = scale;
        this.progress = progress;
        this.results = results;
    }

    void run(PeerNetwork network) throws Exception {
        int peers = network.peers.size();
        Random random = new Random(StoreBench.SEED + 4);
        PeerServiceGrpc.PeerServiceFutureStub direct = network.asker.node().peerChannels()
                .stub(network.peers.get(0).nodeId);

        // One value, held by one random peer, asked of all peers.
        List<FederatedLookupRequest> singles = new ArrayList<>();
        List<PeerLookupRequest> directSingles = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            singles.add(federated(network.values(-1, 1, random)));
            directSingles.add(peerRequest(network.values(-1, 1, random)));
        }
        int[] notAnswered = {0};
        progress.line("fan-out: %d one-value federated lookups across %d peers", scale.fanoutSingleCalls(), peers);
        Rounds one = Rounds.measure(progress, "fan-out x1", 1, scale.fanoutSingleCalls(), 1,
                i -> notAnswered[0] += missing(network.asker.analyst().lookupFederated(singles.get(i % singles.size()))));
        Rounds oneDirect = Rounds.measure(progress, "direct peer x1", 1, scale.fanoutSingleCalls(), 1,
                i -> direct.withDeadlineAfter(30, TimeUnit.SECONDS).lookup(directSingles.get(i % directSingles.size())
                        .toBuilder().setRequestId(UUID.randomUUID().toString()).build()).get());
        results.add(new Result("4 fan-out", "p99 latency, 1 value across " + peers + " peers", one.p99(), "ms",
                "1 value, 1 peer direct", oneDirect.p99(), "< 10 ms", one.p99() < 10,
                String.format("p50 %.2f ms (direct %.2f ms); %d calls; peer answers missing: %d", one.p50(),
                        oneDirect.p50(), scale.fanoutSingleCalls(), notAnswered[0])));

        // 1,000 values drawn from all peers' data, asked of all peers.
        List<FederatedLookupRequest> batches = new ArrayList<>();
        List<PeerLookupRequest> directBatches = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batches.add(federated(network.values(-1, Scale.BATCH, random)));
            directBatches.add(peerRequest(network.values(-1, Scale.BATCH, random)));
        }
        int rounds = Math.max(1, scale.peerRounds());
        int perRound = Math.max(1, scale.fanoutBatchCalls() / rounds);
        progress.line("fan-out: %d rounds of %d 1,000-value federated lookups across %d peers", rounds, perRound, peers);
        notAnswered[0] = 0;
        Rounds many = Rounds.measure(progress, "fan-out x1000", rounds, perRound, Scale.BATCH,
                i -> notAnswered[0] += missing(network.asker.analyst().lookupFederated(batches.get(i % batches.size()))));
        Rounds manyDirect = Rounds.measure(progress, "direct peer x1000", rounds, perRound, Scale.BATCH,
                i -> direct.withDeadlineAfter(30, TimeUnit.SECONDS).lookup(directBatches.get(i % directBatches.size())
                        .toBuilder().setRequestId(UUID.randomUUID().toString()).build()).get());
        results.add(new Result("4 fan-out", "values/s, batch of 1,000 across " + peers + " peers", many.medianRate(),
                "/s", "1,000 values, 1 peer direct", manyDirect.medianRate(), "(reported)", null,
                String.format("latency p50/p99 %.1f/%.1f ms (direct %.1f/%.1f ms); ~1/%d of values hit at each peer;"
                        + " peer answers missing: %d", many.p50(), many.p99(), manyDirect.p50(), manyDirect.p99(),
                        peers, notAnswered[0])));
    }

    private static FederatedLookupRequest federated(List<LookupQuery> values) {
        return FederatedLookupRequest.newBuilder().addAllQueries(values).setPurpose(PeerNetwork.PURPOSE)
                .setDeadlineMillis(10_000).build();
    }

    private static PeerLookupRequest peerRequest(List<LookupQuery> values) {
        return PeerLookupRequest.newBuilder().addAllQueries(values).setPurpose(PeerNetwork.PURPOSE)
                .setRequestId(UUID.randomUUID().toString()).build();
    }

    private static int missing(FederatedLookupResponse r) {
        int n = 0;
        for (PeerStatus s : r.getPeersList()) {
            if (s.getOutcome() != PeerOutcome.PEER_OUTCOME_ANSWERED) {
                n++;
            }
        }
        return n;
    }
}
