package org.jaring.core.oprf;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/** The holder's side of RFC 9497 VOPRF: evaluates blinded elements with skS and proves it used the published key. */
public final class VoprfServer {
    private final VoprfKeyPair key;
    private final Suite suite;

    public VoprfServer(VoprfKeyPair key) {
        this(key, Suite.VOPRF);
    }

    VoprfServer(VoprfKeyPair key, Suite suite) {
        this.key = Objects.requireNonNull(key, "key");
        this.suite = suite;
    }

    /**
     * BlindEvaluateBatch with DLEQ proof (RFC 9497 2.2, 3.3.2). Throws OprfException naming the index of a bad element
     * (not on the curve, identity, wrong length), and for an empty batch.
     */
    public BlindEvaluation blindEvaluate(List<byte[]> blindedElements, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        Voprf.checkBatch(blindedElements, "blindedElements");
        return blindEvaluate(blindedElements, P256.randomScalar(random));
    }

    /** As above with a given proof random scalar: the hook the RFC 9497 appendix A vectors need. */
    BlindEvaluation blindEvaluate(List<byte[]> blindedElements, BigInteger proofRandomScalar) {
        Voprf.checkBatch(blindedElements, "blindedElements");
        int n = blindedElements.size();
        ECPoint[] c = new ECPoint[n];
        List<byte[]> encodedC = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] element = blindedElements.get(i);
            c[i] = P256.deserializeElement(element, "blinded element " + i);
            encodedC.add(element.clone());
        }
        ECPoint[] d = P256.each(n, i -> c[i].multiply(key.secret()));
        P256.CURVE.normalizeAll(d); // one field inversion for the batch instead of one per element
        List<byte[]> encodedD = new ArrayList<>(n);
        for (ECPoint point : d) {
            encodedD.add(P256.serializeElement(point));
        }
        byte[] proof =
                Dleq.generateProof(suite, key.secret(), key.publicKey(), c, encodedC, encodedD, proofRandomScalar);
        List<byte[]> wire = new ArrayList<>(n);
        for (byte[] e : encodedD) {
            wire.add(e.clone());
        }
        return new BlindEvaluation(List.copyOf(wire), proof);
    }

    /**
     * RFC 9497 Evaluate(skS, input): the 32-byte output the client's Finalize gives for the same input. The holder uses
     * it to build its tag index without a client.
     */
    public byte[] evaluate(byte[] input) {
        Suite.checkInput(input, "input");
        ECPoint element = suite.hashToGroup(input);
        if (element.isInfinity()) {
            throw new OprfException("the input hashes to the identity element (InvalidInputError); it has no output");
        }
        byte[] issued = P256.serializeElement(element.multiply(key.secret()).normalize());
        return Suite.finalizeHash(input, issued);
    }

    public byte[] publicKey() {
        return key.publicKey();
    }
}
