package org.jaring.bench;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.core.indicator.InvalidIndicatorException;
import org.jaring.v1.Indicator;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerServiceGrpc;

/**
 * A peer flooding lookups against the shipped peer budgets: does one peer's flood cost another peer its answers?
 * Two nodes with the default budgets, the target and a decoy, on this machine; a flooding peer asks one of them
 * flat out while a victim peer asks the target one value at a time. The victim's p99 with the flood aimed at the
 * target is compared with its p99 with the same flood aimed at the decoy, in alternating rounds: both share the
 * machine's cores, so the ratio separates unfairness at the target from CPU contention (target: at most 2x).
 */
final class FloodBench {
    private static final int FLOOD_BATCH = 100;
    private static final int FLOODERS = 8;
    /**
     * The victim's pace: 50 calls a second, half its call budget (peer_budgets.lookup.calls_per_second, 100), as a
     * peer whose analysts and alerts ask steadily; unpaced, it would itself be refused after its burst.
     */
    private static final long VICTIM_INTERVAL_NANOS = 20_000_000;

    private final Scale scale;
    private final Progress progress;
    private final Results results;

    FloodBench(Scale scale, Progress progress, Results results) {
        this.scale = scale;
        this.progress = progress;
        this.results = results;
    }

    void run(Path root) throws Exception {
        try (BenchNode target =
                        BenchNode.create(root, "MY-TARGET", null, 0, false).start();
                BenchNode decoy =
                        BenchNode.create(root, "SG-DECOY", null, 0, false).start();
                BenchNode flooder = BenchNode.create(root, "VN-FLOOD", null, 0).start();
                BenchNode victim = BenchNode.create(root, "TH-VICTIM", null, 0).start()) {
            List<LookupQuery> held = load(target, decoy);
            for (BenchNode holder : List.of(target, decoy)) {
                for (BenchNode asker : List.of(flooder, victim)) {
                    holder.trust(asker, PeerBench.GROUP);
                    asker.trust(holder, PeerBench.GROUP);
                }
            }
            flooder.node().peerChannels().connectAll();
            victim.node().peerChannels().connectAll();
            PeerServiceGrpc.PeerServiceFutureStub victimToTarget =
                    victim.node().peerChannels().stub(target.nodeId);
            int calls = scale.peerCallsPerRound()[0];
            int rounds = scale.peerRounds();
            progress.line(
                    "flood: %s floods %s or %s with %d calls of %d values in flight; %s asks %s one value at a"
                            + " time, 50 a second, %d calls a round, %d rounds each way",
                    flooder.nodeId,
                    target.nodeId,
                    decoy.nodeId,
                    FLOODERS,
                    FLOOD_BATCH,
                    victim.nodeId,
                    target.nodeId,
                    calls,
                    rounds);
            victimP99(victimToTarget, held, calls); // warm-up: connections, JIT
            double[] atTarget = new double[rounds];
            double[] atDecoy = new double[rounds];
            long served = 0;
            long refused = 0;
            for (int r = 0; r < rounds; r++) {
                for (BenchNode aimed : r % 2 == 0 ? List.of(decoy, target) : List.of(target, decoy)) {
                    Flood flood = new Flood(flooder.node().peerChannels().stub(aimed.nodeId), held);
                    flood.start();
                    double p99 = victimP99(victimToTarget, held, calls);
                    flood.stop();
                    if (aimed == target) {
                        atTarget[r] = p99;
                        served += flood.served.get();
                        refused += flood.refused.get();
                    } else {
                        atDecoy[r] = p99;
                    }
                }
                progress.line(
                        "flood round %d: victim p99 %.2f ms with the flood at the target, %.2f ms at the decoy",
                        r + 1, atTarget[r], atDecoy[r]);
            }
            double ratio = Stats.median(atTarget) / Stats.median(atDecoy);
            results.add(new Result(
                    "10 peer flood",
                    "victim's lookup p99, flood at its node",
                    Stats.median(atTarget),
                    "ms",
                    "same flood at another node",
                    Stats.median(atDecoy),
                    "<= 2x",
                    ratio <= 2.0,
                    String.format(
                            "flooder served %,d and refused %,d calls at the target (shipped budgets: %s);"
                                    + " medians of %d rounds",
                            served, refused, "lookup 5,000 values/s, burst 10,000", rounds)));
        }
    }

    private List<LookupQuery> load(BenchNode... holders) throws Exception {
        IndicatorSource source = new IndicatorSource(StoreBench.SEED + 7);
        List<Indicator> valid = new ArrayList<>();
        List<LookupQuery> canonical = new ArrayList<>();
        Canonicalizer canonicalizer =
                new Canonicalizer(holders[0].node().config().country());
        for (Indicator ind : source.chunk(7, scale.peerIndicators())) {
            try {
                CanonicalValue cv = canonicalizer.canonicalize(ind.getType(), ind.getValue());
                // Loaded in canonical form: both holders then read it alike, whatever their country.
                valid.add(
                        ind.toBuilder().setType(cv.type()).setValue(cv.value()).build());
                canonical.add(LookupQuery.newBuilder()
                        .setType(cv.type())
                        .setValue(cv.value())
                        .build());
            } catch (InvalidIndicatorException e) {
                // spelled for another region; leave it out
            }
        }
        for (BenchNode holder : holders) {
            Loader.putCase(holder, "FLOOD-DATA", PeerBench.GROUP);
            Loader.load(holder, Loader.batches("FLOOD-DATA", valid));
        }
        return canonical;
    }

    private static double victimP99(PeerServiceGrpc.PeerServiceFutureStub stub, List<LookupQuery> held, int calls)
            throws InterruptedException, ExecutionException {
        double[] latencies = new double[calls];
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            PeerLookupRequest request = request(held, i, 1);
            long wait = start + i * VICTIM_INTERVAL_NANOS - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long t0 = System.nanoTime();
            stub.withDeadlineAfter(30, TimeUnit.SECONDS).lookup(request).get();
            latencies[i] = Stats.millis(System.nanoTime() - t0);
        }
        return Stats.percentile(latencies, 99);
    }

    static PeerLookupRequest request(List<LookupQuery> held, int from, int size) {
        PeerLookupRequest.Builder b = PeerLookupRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setPurpose(PeerNetwork.PURPOSE);
        for (int i = 0; i < size; i++) {
            b.addQueries(held.get(Math.floorMod(from * 31 + i, held.size())));
        }
        return b.build();
    }

    /** {@link #FLOODERS} loops asking batches flat out until stopped; refusals are counted, not waited out. */
    private static final class Flood {
        final AtomicLong served = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final PeerServiceGrpc.PeerServiceFutureStub stub;
        private final List<LookupQuery> held;

        Flood(PeerServiceGrpc.PeerServiceFutureStub stub, List<LookupQuery> held) {
            this.stub = stub;
            this.held = held;
        }

        void start() {
            for (int t = 0; t < FLOODERS; t++) {
                int seed = t;
                Thread thread = new Thread(
                        () -> {
                            for (int i = seed * 1_000_000; running.get(); i++) {
                                try {
                                    stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                                            .lookup(request(held, i, FLOOD_BATCH))
                                            .get();
                                    served.incrementAndGet();
                                } catch (ExecutionException e) {
                                    if (e.getCause() instanceof StatusRuntimeException s
                                            && s.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                                        refused.incrementAndGet();
                                    } else if (running.get()) {
                                        throw new IllegalStateException("flood call failed: " + e.getCause(), e);
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return;
                                }
                            }
                        },
                        "flood-" + t);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(60_000);
            }
        }
    }
}
