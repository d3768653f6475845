package org.jaring.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerServiceGrpc;

/**
 * Benchmark 3: PeerService.Lookup from the asking node's own peer channel to one real peer, against an echo
 * service that moves the same request and response sizes over the same mutual TLS, in alternating rounds.
 * {@code callers} calls in flight (1 unless --callers says otherwise).
 */
final class PeerBench {
    static final String GROUP = "bench";

    private final Scale scale;
    private final Progress progress;
    private final Results results;
    private final int callers;

    PeerBench(Scale scale, Progress progress, Results results, int callers) {
        this.scale = scale;
        this.progress = progress;
        this.results = results;
        this.callers = callers;
    }

    void run(PeerNetwork network) throws Exception {
        BenchNode peer = network.peers.get(0);
        PeerServiceGrpc.PeerServiceFutureStub stub =
                network.asker.node().peerChannels().stub(peer.nodeId);
        Random random = new Random(StoreBench.SEED);
        try (EchoServer echo = new EchoServer(peer, network.asker)) {
            for (int s = 0; s < Scale.PEER_BATCHES.length; s++) {
                int size = Scale.PEER_BATCHES[s];
                int calls = scale.peerCallsPerRound()[s] * callers;
                List<PeerLookupRequest> requests = requests(network, size, Math.min(calls, 50), random);
                PeerLookupResponse sampleAnswer = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .lookup(requests.get(0))
                        .get();
                int requestBytes = requests.get(0).getSerializedSize();
                int responseBytes = sampleAnswer.getSerializedSize();
                echo.replySize(responseBytes);
                progress.line(
                        "peer lookup: batches of %,d (request %,d B, response %,d B, %d hits), %d rounds of %d calls,"
                                + " %d in flight",
                        size,
                        requestBytes,
                        responseBytes,
                        sampleAnswer.getResultsCount(),
                        scale.peerRounds(),
                        calls,
                        callers);
                Rounds[] measured = Rounds.pair(
                        progress,
                        "peer lookup x" + size,
                        "echo x" + size,
                        scale.peerRounds(),
                        calls,
                        size,
                        callers,
                        i -> stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                                .lookup(fresh(requests, i))
                                .get(),
                        i -> echo.call(fresh(requests, i).toByteArray()));
                Rounds lookup = measured[0];
                Rounds baseline = measured[1];
                results.add(new Result(
                        "3 peer lookup",
                        "values/s, batch of " + size + ", " + inFlight(callers),
                        lookup.medianRate(),
                        "/s",
                        "echo, same bytes, same mTLS",
                        baseline.medianRate(),
                        ">= 0.7x echo",
                        lookup.medianRate() / baseline.medianRate() >= 0.7,
                        String.format(
                                "latency p50/p99 %.2f/%.2f ms (echo %.2f/%.2f ms); all values are hits; %s",
                                lookup.p50(), lookup.p99(), baseline.p50(), baseline.p99(), lookup.spread())));
            }
        }
    }

    static String inFlight(int callers) {
        return callers == 1 ? "1 call in flight" : callers + " calls in flight";
    }

    static List<PeerLookupRequest> requests(PeerNetwork network, int size, int count, Random random) {
        List<PeerLookupRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(PeerLookupRequest.newBuilder()
                    .addAllQueries(network.values(0, size, random))
                    .setPurpose(PeerNetwork.PURPOSE)
                    .setRequestId(UUID.randomUUID().toString())
                    .build());
        }
        return requests;
    }

    /** A request from the sample with a new request ID, as every real lookup has. */
    static PeerLookupRequest fresh(List<PeerLookupRequest> requests, int i) {
        return requests.get(i % requests.size()).toBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .build();
    }
}
