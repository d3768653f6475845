package org.jaring.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.jaring.core.oprf.OprfCosts;
import org.jaring.core.oprf.Voprf;
import org.jaring.core.oprf.VoprfServer;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.LookupMode;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerStatus;

/**
 * Blind lookups (docs/blind-lookup.md) beside plain ones in the same run: one value across every peer (p99), and
 * 1,000 values to one peer (values/s), each in alternating rounds with the plain lookup. First the arithmetic
 * ({@link OprfCosts}): each speed-up of the proof beside the path it replaced, same run, and the whole VOPRF exchange
 * in process per side on one core, from which the ceiling follows: two cores divided by the asker's and the holder's
 * milliseconds per value, counted also in variable-base multiplications. Also the holder's tag index build: VOPRF
 * Evaluate (hash to curve and one multiplication) per indicator and epoch
 * (BlindIndexBench builds a real one).
 */
final class BlindBench {
    private final Scale scale;
    private final Progress progress;
    private final Results results;
    private final int callers;

    BlindBench(Scale scale, Progress progress, Results results, int callers) {
        this.scale = scale;
        this.progress = progress;
        this.results = results;
        this.callers = callers;
    }

    void run(PeerNetwork network) throws Exception {
        double multsPerSecond = scalarMultRate();
        double evaluatesPerSecond = evaluateRate();
        Ceiling ceiling = arithmetic();
        results.add(Result.info(
                "blind",
                "P-256 scalar multiplications/s, one core (BouncyCastle)",
                multsPerSecond,
                "/s",
                String.format(
                        "ceiling for blind lookups ~%,.0f values/s on %d cores (%.2f multiplications a value)",
                        ceiling.valuesPerSecond, CORES, ceiling.multsPerValue)));
        results.add(Result.info(
                "blind",
                "tag index build, VOPRF Evaluate per indicator and epoch, one core",
                evaluatesPerSecond,
                "/s",
                String.format(
                        "1M indicators: %.0f s per epoch on one core; 10M: %.0f s (%.1f h)",
                        1e6 / evaluatesPerSecond, 1e7 / evaluatesPerSecond, 1e7 / evaluatesPerSecond / 3600)));

        int peers = network.peers.size();
        Random random = new Random(StoreBench.SEED + 28);
        String first = network.peers.get(0).nodeId;
        // Each peer builds its tag index in the background from its start, and refuses blind lookups UNAVAILABLE
        // until it is complete: asked until every peer answers, and that wait timed on its own.
        long t0 = System.nanoTime();
        while (missing(network.asker
                        .analyst()
                        .lookupFederated(request(network.values(-1, 1, random), LookupMode.LOOKUP_MODE_BLIND, null)))
                > 0) {
            Thread.sleep(200);
        }
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        results.add(Result.info(
                "blind",
                "wait until all " + peers + " peers answer blind (their tag indexes built in the background)",
                buildSeconds,
                "s",
                String.format("%,d indicators per peer", scale.peerIndicators())));

        AtomicInteger missing = new AtomicInteger();
        List<List<LookupQuery>> singles = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            singles.add(network.values(-1, 1, random));
        }
        int singleRounds = 3;
        int singleCalls = Math.max(1, scale.fanoutSingleCalls() * callers / singleRounds);
        progress.line(
                "blind: %d rounds of %d one-value lookups across %d peers, blind and plain",
                singleRounds, singleCalls, peers);
        Rounds[] single = Rounds.pair(
                progress,
                "blind x1",
                "plain x1",
                singleRounds,
                singleCalls,
                1,
                callers,
                i -> missing.addAndGet(missing(network.asker
                        .analyst()
                        .lookupFederated(
                                request(singles.get(i % singles.size()), LookupMode.LOOKUP_MODE_BLIND, null)))),
                i -> missing.addAndGet(missing(network.asker
                        .analyst()
                        .lookupFederated(
                                request(singles.get(i % singles.size()), LookupMode.LOOKUP_MODE_PLAIN, null)))));
        results.add(new Result(
                "blind",
                "p99 latency, 1 value across " + peers + " peers, blind",
                single[0].p99(),
                "ms",
                "the same, plain",
                single[1].p99(),
                "< 20 ms",
                single[0].p99() < 20,
                String.format(
                        "p50 %.2f ms (plain %.2f ms); answers missing: %d",
                        single[0].p50(), single[1].p50(), missing.get())));

        List<List<LookupQuery>> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batches.add(network.values(0, Scale.BATCH, random));
        }
        int rounds = Math.max(1, scale.peerRounds());
        int perRound = Math.max(1, scale.fanoutBatchCalls() * callers / rounds);
        progress.line("blind: %d rounds of %d 1,000-value lookups to one peer, blind and plain", rounds, perRound);
        missing.set(0);
        Rounds[] batch = Rounds.pair(
                progress,
                "blind x1000",
                "plain x1000",
                rounds,
                perRound,
                Scale.BATCH,
                callers,
                i -> missing.addAndGet(missing(network.asker
                        .analyst()
                        .lookupFederated(
                                request(batches.get(i % batches.size()), LookupMode.LOOKUP_MODE_BLIND, first)))),
                i -> missing.addAndGet(missing(network.asker
                        .analyst()
                        .lookupFederated(
                                request(batches.get(i % batches.size()), LookupMode.LOOKUP_MODE_PLAIN, first)))));
        results.add(new Result(
                "blind",
                "values/s, batch of 1,000 to one peer, blind",
                batch[0].medianRate(),
                "/s",
                "the same, plain",
                batch[1].medianRate(),
                ">= 2,000 /s",
                batch[0].medianRate() >= 2000,
                String.format(
                        "latency p50/p99 %.1f/%.1f ms (plain %.1f/%.1f ms); crypto ceiling ~%,.0f values/s; "
                                + "answers missing: %d",
                        batch[0].p50(),
                        batch[0].p99(),
                        batch[1].p50(),
                        batch[1].p99(),
                        ceiling.valuesPerSecond,
                        missing.get())));
        results.add(Result.info(
                "blind",
                "floor for 1 value across " + peers + " peers: the plain p50 plus the VOPRF work on " + CORES
                        + " cores",
                single[1].p50() + ceiling.singleMillis * peers / CORES,
                "ms",
                String.format(
                        "plain p50 %.2f ms + %d x %.2f ms of VOPRF work (asker and holder, one core) / %d cores",
                        single[1].p50(), peers, ceiling.singleMillis, CORES)));
    }

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** What the arithmetic allows: values/s for a batch of 1,000, and one value's work per peer. */
    private record Ceiling(double valuesPerSecond, double multsPerValue, double singleMillis) {}

    /** The VOPRF arithmetic, each speed-up against the old path in the same run, and the ceiling it implies. */
    private Ceiling arithmetic() {
        progress.line("blind: timing the VOPRF arithmetic (new path against old, same run)");
        OprfCosts costs = new OprfCosts(150);
        for (OprfCosts.Row r : costs.units()) {
            results.add(Result.info("blind", r.figure(), r.newMillis() * 1000, "us", r.note()));
        }
        for (int n : new int[] {1, Scale.BATCH}) {
            for (OprfCosts.Row r : costs.proofs(n)) {
                results.add(new Result(
                        "blind", r.figure(), r.newMillis(), "ms", "old path", r.oldMillis(), "", null, r.note()));
            }
        }
        OprfCosts.Sides batch = costs.exchange(Scale.BATCH, 1);
        OprfCosts.Sides single = costs.exchange(1, 1);
        OprfCosts.Sides both = costs.exchange(Scale.BATCH, CORES);
        double asker = batch.askerMillis() / batch.values();
        double holder = batch.evaluateMillis() / batch.values();
        double perValue = asker + holder;
        results.add(Result.info(
                "blind",
                "VOPRF work per value, batch of 1,000, one core: asker (blind + verify, unblind, finalize)",
                asker * 1000,
                "us",
                String.format(
                        "%.2f multiplications timed beside it (blind %.0f us, finalize %.0f us a value)",
                        batch.multiplications(batch.askerMillis()) / batch.values(),
                        batch.blindMillis() / batch.values() * 1000,
                        batch.finalizeMillis() / batch.values() * 1000)));
        results.add(Result.info(
                "blind",
                "VOPRF work per value, batch of 1,000, one core: holder (evaluate + proof)",
                holder * 1000,
                "us",
                String.format(
                        "%.2f multiplications timed beside it (%.0f us each)",
                        batch.multiplications(batch.evaluateMillis()) / batch.values(),
                        batch.multiplyMillis() * 1000)));
        results.add(Result.info(
                "blind",
                "VOPRF exchange in process, batch of 1,000 on " + CORES + " cores (no network, TLS, signatures)",
                both.values() * 1000 / (both.askerMillis() + both.evaluateMillis()),
                "/s",
                String.format(
                        "ceiling from one core's costs: %d / %.0f us = %,.0f values/s",
                        CORES, perValue * 1000, CORES * 1000 / perValue)));
        results.add(Result.info(
                "blind",
                "VOPRF work for 1 value and one peer, one core: asker + holder",
                single.askerMillis() + single.evaluateMillis(),
                "ms",
                String.format(
                        "asker %.2f ms, holder %.2f ms; %.1f multiplications timed beside it",
                        single.askerMillis(),
                        single.evaluateMillis(),
                        single.multiplications(single.askerMillis() + single.evaluateMillis()))));
        return new Ceiling(
                CORES * 1000 / perValue,
                batch.multiplications(batch.askerMillis() + batch.evaluateMillis()) / batch.values(),
                single.askerMillis() + single.evaluateMillis());
    }

    private static FederatedLookupRequest request(List<LookupQuery> values, LookupMode mode, String peer) {
        FederatedLookupRequest.Builder r = FederatedLookupRequest.newBuilder()
                .addAllQueries(values)
                .setPurpose(PeerNetwork.PURPOSE)
                .setDeadlineMillis(30_000)
                .setMode(mode);
        if (peer != null) {
            r.addPeers(peer);
        }
        return r.build();
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

    /** Variable-base multiplications by random scalars, as the OPRF makes them. */
    private static double scalarMultRate() {
        ECPoint g = CustomNamedCurves.getByName("P-256").getG();
        SecureRandom random = new SecureRandom();
        ECPoint p = g.multiply(new java.math.BigInteger(255, random)).normalize();
        int n = 4000;
        for (int i = 0; i < n / 4; i++) {
            p = p.multiply(new java.math.BigInteger(255, random)).normalize();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            p = p.multiply(new java.math.BigInteger(255, random)).normalize();
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** VoprfServer.evaluate per indicator: what building an epoch's tag index costs per indicator. */
    private static double evaluateRate() {
        VoprfServer server = new VoprfServer(Voprf.generateKeyPair(new SecureRandom()));
        int n = 4000;
        for (int i = 0; i < n / 4; i++) {
            server.evaluate(("PHONE\0+6681" + i).getBytes(StandardCharsets.UTF_8));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            server.evaluate(("PHONE\0+6682" + i).getBytes(StandardCharsets.UTF_8));
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
