package org.jaring.core.oprf;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntSupplier;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * In-process micro-benchmark of the VOPRF arithmetic for {@code jaring bench} (benchmark 11): each speed-up beside
 * the path it replaced, timed in alternating rounds of the same run, and the per-operation costs the blind lookup's
 * ceiling is computed from. Figures are milliseconds per operation (median of the rounds), wall time; whatever
 * spreads over cores ({@link P256#each}, {@link Msm}) does so here too.
 */
public final class OprfCosts {
    /** One figure; {@code oldMillis} is NaN when nothing was replaced. */
    public record Row(String figure, double newMillis, double oldMillis, String note) {}

    private static final int ROUNDS = 5;

    private final long roundNanos;
    private final SecureRandom random = new SecureRandom();
    private final Random seeded = new Random(9497);
    /** Keeps results alive so the JIT cannot drop the work. */
    private int sink;

    /** {@code roundMillis}: how long each timed round of each figure runs at least. */
    public OprfCosts(int roundMillis) {
        this.roundNanos = roundMillis * 1_000_000L;
    }

    /** Costs of single operations on one core: the units of the ceiling. */
    public List<Row> units() {
        ECPoint p = P256.multiplyGenerator(P256.randomScalar(random)).normalize();
        byte[] encoded = P256.serializeElement(p);
        List<Row> rows = new ArrayList<>();
        rows.add(single(
                "variable-base multiplication by a secret scalar (BouncyCastle wNAF), one core",
                () -> p.multiply(P256.randomScalar(random)).normalize().hashCode(),
                "blind, unblind, evaluate, Z = k*M, t3 = r*M"));
        rows.add(single(
                "generator multiplication (fixed-point comb), one core",
                () -> P256.multiplyGenerator(P256.randomScalar(random))
                        .normalize()
                        .hashCode(),
                "t2 = r*G in proof generation"));
        int[] counter = {0};
        rows.add(single(
                "hash to curve (RFC 9380 P256_XMD:SHA-256_SSWU_RO_), one core",
                () -> Suite.VOPRF
                        .hashToGroup(("PHONE\0+668" + counter[0]++).getBytes(StandardCharsets.UTF_8))
                        .hashCode(),
                "per value, asker (and the holder's index build)"));
        rows.add(single(
                "decode and check a compressed element, one core",
                () -> P256.deserializeElement(encoded, "element").hashCode(),
                "per value, each side decodes the other's elements"));
        rows.add(single(
                "scalar inverse mod n (unblind), one core",
                () -> BigIntegers.modOddInverse(P256.ORDER, P256.randomScalar(random))
                        .hashCode(),
                "per value, asker"));
        return rows;
    }

    /** The public-scalar sums, the proof's generation and verification: new path against the old, same run. */
    public List<Row> proofs(int n) {
        VoprfKeyPair key = Voprf.generateKeyPair(random);
        List<byte[]> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inputs.add(("PHONE\0+6681" + i).getBytes(StandardCharsets.UTF_8));
        }
        VoprfClient client = new VoprfClient(key.publicKey());
        Blinded blinded = client.blind(inputs, random);
        ECPoint[] c = blinded.points();
        ECPoint[] d = P256.each(n, i -> c[i].multiply(key.secret()));
        P256.CURVE.normalizeAll(d);
        List<byte[]> encodedD = new ArrayList<>(n);
        for (ECPoint point : d) {
            encodedD.add(P256.serializeElement(point));
        }
        byte[] b = key.publicKey();
        BigInteger r = P256.randomScalar(random);
        byte[] proof = Dleq.generateProof(Suite.VOPRF, key.secret(), b, c, blinded.encoded(), encodedD, r);
        ECPoint pk = P256.publicKey(b, "key");
        BigInteger[] weights = Dleq.compositeWeights(Suite.VOPRF, b, blinded.encoded(), encodedD);
        List<Row> rows = new ArrayList<>();
        rows.add(pair(
                String.format(
                        "multi-scalar sum M = sum d[i]*C[i], %,d points (Msm vs BouncyCastle sumOfMultiplies)", n),
                () -> Msm.sum(fresh(c), weights).hashCode(),
                () -> ECAlgorithms.sumOfMultiplies(fresh(c), weights).hashCode(),
                n < Msm.BUCKETS_FROM
                        ? "below " + Msm.BUCKETS_FROM + " points Msm is the same interleaved wNAF"
                        : "Pippenger, window " + Msm.window(n) + " bits"
                                + (n >= Msm.SPLIT_FROM ? ", split over the cores" : "")));
        rows.add(pair(
                String.format("proof verification, %,d elements (new vs old path)", n),
                () -> Dleq.verifyProof(Suite.VOPRF, pk, b, fresh(c), blinded.encoded(), fresh(d), encodedD, proof)
                        ? 1
                        : 0,
                () -> Dleq.verifyProofBaseline(
                                Suite.VOPRF, fresh(pk), b, fresh(c), blinded.encoded(), fresh(d), encodedD, proof)
                        ? 1
                        : 0,
                "asker, once per batch"));
        rows.add(pair(
                String.format("proof generation, %,d elements (new vs old path)", n),
                () -> Dleq.generateProof(Suite.VOPRF, key.secret(), b, c, blinded.encoded(), encodedD, r).length,
                () -> Dleq.generateProofBaseline(Suite.VOPRF, key.secret(), b, c, blinded.encoded(), encodedD, r)
                        .length,
                "holder, once per batch"));
        if (n > 1) {
            BigInteger challenge = P256.randomScalar(random);
            BigInteger s = P256.randomScalar(random);
            ECPoint m = Msm.sum(c, weights).normalize();
            ECPoint z = Msm.sum(d, weights).normalize();
            ECPoint[] both = Arrays.copyOf(c, 2 * n);
            System.arraycopy(d, 0, both, n, n);
            BigInteger[] scalars = new BigInteger[2 * n];
            for (int i = 0; i < n; i++) {
                scalars[i] = s.multiply(weights[i]).mod(P256.ORDER);
                scalars[n + i] = challenge.multiply(weights[i]).mod(P256.ORDER);
            }
            rows.add(pair(
                    String.format(
                            "t3 = s*M + c*Z given M and Z, %,d elements (vs one %,d-point sum over C and D)", n, 2 * n),
                    () -> ECAlgorithms.sumOfTwoMultiplies(fresh(m), s, fresh(z), challenge)
                            .hashCode(),
                    () -> Msm.sum(fresh(both), scalars).hashCode(),
                    "the challenge hashes M and Z, so they are computed anyway"));
        }
        return rows;
    }

    /** One batch's crypto, per side, in milliseconds a batch. */
    public record Sides(
            int values,
            int cores,
            double blindMillis,
            double evaluateMillis,
            double finalizeMillis,
            double multiplyMillis) {
        /** The asker's share: Blind, then verify, unblind and finalize. */
        public double askerMillis() {
            return blindMillis + finalizeMillis;
        }

        /** {@code millis} counted in variable-base multiplications timed in the same rounds. */
        public double multiplications(double millis) {
            return millis / multiplyMillis;
        }
    }

    /**
     * The whole VOPRF exchange of one batch in process, asker and holder, no network, on a pool of {@code cores}
     * threads (the batch's parallel steps then use exactly that many): Blind; BlindEvaluate with its proof; verify,
     * unblind and Finalize. Each step is timed in its own rounds, each round starting from fresh elements.
     */
    public Sides exchange(int n, int cores) {
        ForkJoinPool pool = new ForkJoinPool(cores);
        try {
            return pool.submit(() -> exchangeHere(n, cores)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing the exchange", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("timing the exchange failed", e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private Sides exchangeHere(int n, int cores) {
        VoprfServer server = new VoprfServer(Voprf.generateKeyPair(random));
        VoprfClient client = new VoprfClient(server.publicKey());
        List<byte[]> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inputs.add(("PHONE\0+6682" + seeded.nextInt()).getBytes(StandardCharsets.UTF_8));
        }
        Blinded first = client.blind(inputs, random);
        ECPoint p = first.points()[0];
        // The rounds of each step alternate with rounds of one multiplication, so that the count in
        // multiplications holds on a machine whose load changes during the run.
        double[] blind = new double[ROUNDS];
        double[] evaluate = new double[ROUNDS];
        double[] whole = new double[ROUNDS];
        double[] multiply = new double[ROUNDS];
        for (int round = -1; round < ROUNDS; round++) { // round -1 warms up
            double b = time(() -> client.blind(inputs, random).size());
            double e = time(
                    () -> server.blindEvaluate(first.blindedElements(), random).proof().length);
            double w = time(() -> {
                Blinded blinded = client.blind(inputs, random);
                BlindEvaluation evaluation = server.blindEvaluate(blinded.blindedElements(), random);
                return client.finalize(blinded, evaluation).size();
            });
            double m = time(() ->
                    fresh(p).multiply(P256.randomScalar(random)).normalize().hashCode());
            if (round >= 0) {
                blind[round] = b;
                evaluate[round] = e;
                whole[round] = w;
                multiply[round] = m;
            }
        }
        double b = median(blind);
        double e = median(evaluate);
        return new Sides(n, cores, b, e, Math.max(0, median(whole) - b - e), median(multiply));
    }

    /**
     * New point objects for the same points: BouncyCastle caches a point's wNAF table on the object, and in a real
     * lookup every element arrives fresh, so each timed call must start without tables. The old path's verifier got
     * a freshly decoded key per answer too.
     */
    private static ECPoint[] fresh(ECPoint[] points) {
        ECPoint[] out = new ECPoint[points.length];
        for (int i = 0; i < points.length; i++) {
            out[i] = fresh(points[i]);
        }
        return out;
    }

    private static ECPoint fresh(ECPoint p) {
        ECPoint a = p.normalize();
        return P256.CURVE.createPoint(
                a.getAffineXCoord().toBigInteger(), a.getAffineYCoord().toBigInteger());
    }

    private Row single(String figure, IntSupplier op, String note) {
        return new Row(figure, median(op), Double.NaN, note);
    }

    private Row pair(String figure, IntSupplier newPath, IntSupplier oldPath, String note) {
        double[] fresh = new double[ROUNDS];
        double[] old = new double[ROUNDS];
        time(newPath); // warm both before the rounds
        time(oldPath);
        for (int round = 0; round < ROUNDS; round++) {
            fresh[round] = time(newPath);
            old[round] = time(oldPath);
        }
        return new Row(figure, median(fresh), median(old), note);
    }

    private double median(IntSupplier op) {
        double[] rounds = new double[ROUNDS];
        time(op);
        for (int round = 0; round < ROUNDS; round++) {
            rounds[round] = time(op);
        }
        return median(rounds);
    }

    /** Milliseconds per call of {@code op}, over at least one round's time. */
    private double time(IntSupplier op) {
        long start = System.nanoTime();
        long calls = 0;
        long elapsed;
        do {
            sink += op.getAsInt();
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < roundNanos);
        return elapsed / 1e6 / calls;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Read after a run so that the measured work stays observable. */
    public int sink() {
        return sink;
    }
}
