package org.jaring.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.PeerStatus;

/**
 * Benchmark 4: an analyst's LookupFederated through the asking node's national service, fanned out to every
 * peer in parallel; the baseline is one direct PeerService.Lookup to a single peer of the same size, measured
 * in alternating rounds. {@code callers} analysts ask at once (1 unless --callers says otherwise).
 */
final class FanoutBench {
    private final Scale scale;
    private final Progress progress;
    private final Results results;
    private final int callers;

    FanoutBench(Scale scale, Progress progress, Results results, int callers) {
        this.scale = scale;
        this.progress = progress;
        this.results = results;
        this.callers = callers;
    }

    void run(PeerNetwork network) throws Exception {
        int peers = network.peers.size();
        Random random = new Random(StoreBench.SEED + 4);
        PeerServiceGrpc.PeerServiceFutureStub direct =
                network.asker.node().peerChannels().stub(network.peers.get(0).nodeId);

        // One value, held by one random peer, asked of all peers.
        List<FederatedLookupRequest> singles = new ArrayList<>();
        List<PeerLookupRequest> directSingles = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            singles.add(federated(network.values(-1, 1, random)));
            directSingles.add(peerRequest(network.values(-1, 1, random)));
        }
        AtomicInteger notAnswered = new AtomicInteger();
        int singleRounds = 3;
        int singleCalls = Math.max(1, scale.fanoutSingleCalls() * callers / singleRounds);
        progress.line(
                "fan-out: %d rounds of %d one-value federated lookups across %d peers, %s",
                singleRounds, singleCalls, peers, PeerBench.inFlight(callers));
        Rounds[] single = Rounds.pair(
                progress,
                "fan-out x1",
                "direct peer x1",
                singleRounds,
                singleCalls,
                1,
                callers,
                i -> notAnswered.addAndGet(
                        missing(network.asker.analyst().lookupFederated(singles.get(i % singles.size())))),
                i -> direct.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .lookup(directSingles.get(i % directSingles.size()).toBuilder()
                                .setRequestId(UUID.randomUUID().toString())
                                .build())
                        .get());
        Rounds one = single[0];
        Rounds oneDirect = single[1];
        results.add(new Result(
                "4 fan-out",
                "p99 latency, 1 value across " + peers + " peers, " + PeerBench.inFlight(callers),
                one.p99(),
                "ms",
                "1 value, 1 peer direct",
                oneDirect.p99(),
                "< 10 ms",
                one.p99() < 10,
                String.format(
                        "p50 %.2f ms (direct %.2f ms); %d calls; %,.0f lookups/s; peer answers missing: %d",
                        one.p50(), oneDirect.p50(), singleRounds * singleCalls, one.medianRate(), notAnswered.get())));

        // 1,000 values drawn from all peers' data, asked of all peers.
        List<FederatedLookupRequest> batches = new ArrayList<>();
        List<PeerLookupRequest> directBatches = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batches.add(federated(network.values(-1, Scale.BATCH, random)));
            directBatches.add(peerRequest(network.values(-1, Scale.BATCH, random)));
        }
        int rounds = Math.max(1, scale.peerRounds());
        int perRound = Math.max(1, scale.fanoutBatchCalls() * callers / rounds);
        progress.line(
                "fan-out: %d rounds of %d 1,000-value federated lookups across %d peers, %s",
                rounds, perRound, peers, PeerBench.inFlight(callers));
        notAnswered.set(0);
        Rounds[] batch = Rounds.pair(
                progress,
                "fan-out x1000",
                "direct peer x1000",
                rounds,
                perRound,
                Scale.BATCH,
                callers,
                i -> notAnswered.addAndGet(
                        missing(network.asker.analyst().lookupFederated(batches.get(i % batches.size())))),
                i -> direct.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .lookup(directBatches.get(i % directBatches.size()).toBuilder()
                                .setRequestId(UUID.randomUUID().toString())
                                .build())
                        .get());
        Rounds many = batch[0];
        Rounds manyDirect = batch[1];
        results.add(new Result(
                "4 fan-out",
                "values/s, batch of 1,000 across " + peers + " peers, " + PeerBench.inFlight(callers),
                many.medianRate(),
                "/s",
                "1,000 values, 1 peer direct",
                manyDirect.medianRate(),
                "(reported)",
                null,
                String.format(
                        "latency p50/p99 %.1f/%.1f ms (direct %.1f/%.1f ms); ~1/%d of values hit at each peer;"
                                + " peer answers missing: %d",
                        many.p50(), many.p99(), manyDirect.p50(), manyDirect.p99(), peers, notAnswered.get())));
    }

    private static FederatedLookupRequest federated(List<LookupQuery> values) {
        return FederatedLookupRequest.newBuilder()
                .addAllQueries(values)
                .setPurpose(PeerNetwork.PURPOSE)
                .setDeadlineMillis(10_000)
                .build();
    }

    private static PeerLookupRequest peerRequest(List<LookupQuery> values) {
        return PeerLookupRequest.newBuilder()
                .addAllQueries(values)
                .setPurpose(PeerNetwork.PURPOSE)
                .setRequestId(UUID.randomUUID().toString())
                .build();
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
