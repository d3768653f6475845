package org.jaring.node.signing;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.DSAKCalculator;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.RandomDSAKCalculator;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * ECDSA P-256 nonces computed ahead of the signatures that use them ("offline/online" signing). Why: a signature
 * is one scalar multiplication k·G, which depends on neither the key nor the message, and a little modular
 * arithmetic. A peer answer of one value cost the answering node 0.25 ms to sign, most of its whole answer; with
 * k·G ready the signature on the call path is the modular arithmetic alone. One daemon thread keeps
 * {@link #CAPACITY} nonces ready and blocks when the queue is full; when the queue is empty (a burst, a busy
 * machine) a signature computes its own nonce as before.
 *
 * <p>Safety: a nonce used for two signatures reveals the private key. Each nonce leaves the queue by
 * {@link BlockingQueue#poll()}, which hands an element to exactly one caller, and is never put back, kept or
 * written anywhere. Nonces are drawn as BouncyCastle draws them ({@link RandomDSAKCalculator}, uniform in
 * [1, n-1] from a {@link SecureRandom}), multiplied by BouncyCastle's fixed-point comb as its signer does, and the
 * signature itself is computed by BouncyCastle's {@link ECDSASigner}: this class only hands it the nonce and
 * the point it would have computed. Nonces live in memory as the private key does.
 */
final class P256Nonces {
    static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    static final int CAPACITY = 256;

    private record Nonce(BigInteger k, ECPoint kG) {}

    private static final P256Nonces SHARED = new P256Nonces();

    private final BlockingQueue<Nonce> ready = new ArrayBlockingQueue<>(CAPACITY);
    private final SecureRandom random = new SecureRandom();
    private volatile boolean started;

    private P256Nonces() {}

    static P256Nonces shared() {
        return SHARED;
    }

    /** A signer whose first nonce is a precomputed one when one is ready; otherwise exactly BouncyCastle's own. */
    ECDSASigner signer() {
        startOnce();
        Nonce nonce = ready.poll();
        return nonce == null ? new ECDSASigner() : new Presigned(nonce);
    }

    /** How many nonces are ready (tests and benchmarks). */
    int ready() {
        return ready.size();
    }

    @SuppressWarnings("ThreadPriorityCheck") // spare nonces are precomputed at the lowest priority on purpose
    private void startOnce() {
        if (started) {
            return;
        }
        synchronized (this) {
            if (started) {
                return;
            }
            Thread filler = new Thread(this::fill, "ecdsa-nonces");
            filler.setDaemon(true);
            filler.setPriority(Thread.MIN_PRIORITY); // precomputing spare nonces must yield to serving calls
            filler.start();
            started = true;
        }
    }

    private void fill() {
        RandomDSAKCalculator draw = new RandomDSAKCalculator();
        draw.init(CURVE.getN(), random);
        FixedPointCombMultiplier comb = new FixedPointCombMultiplier();
        try {
            while (true) {
                BigInteger k = draw.nextK();
                ready.put(new Nonce(k, comb.multiply(CURVE.getG(), k).normalize()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * BouncyCastle's signer given one precomputed nonce: its first k is the nonce and the multiplication of the
     * generator by that k returns the precomputed point. Any other multiplication (another curve's generator, a
     * retry after r or s came out zero) and every later k are computed as BouncyCastle does.
     */
    private static final class Presigned extends ECDSASigner {
        private final Nonce nonce;

        Presigned(Nonce nonce) {
            super(new FirstK(nonce.k()));
            this.nonce = nonce;
        }

        @Override
        @SuppressWarnings("ReferenceEquality") // only the very nonce object handed out has its k·G precomputed
        protected ECMultiplier createBasePointMultiplier() {
            FixedPointCombMultiplier comb = new FixedPointCombMultiplier();
            return (p, k) -> k == nonce.k() && p.equals(CURVE.getG()) ? nonce.kG() : comb.multiply(p, k);
        }
    }

    private static final class FirstK implements DSAKCalculator {
        private final RandomDSAKCalculator next = new RandomDSAKCalculator();
        private BigInteger first;
        private BigInteger n;

        FirstK(BigInteger first) {
            this.first = first;
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }

        @Override
        public void init(BigInteger n, SecureRandom random) {
            this.n = n;
            next.init(n, random);
        }

        @Override
        public void init(BigInteger n, BigInteger d, byte[] message) {
            throw new IllegalStateException("not a deterministic calculator");
        }

        @Override
        public BigInteger nextK() {
            BigInteger k = first;
            first = null;
            // A nonce is in [1, n-1] of P-256; for any other order the precomputed one is of no use.
            return k != null && n.equals(CURVE.getN()) ? k : next.nextK();
        }
    }
}
