package org.jaring.core.oprf;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * The asker's side of RFC 9497 VOPRF: blinds inputs, and after the server's answer verifies the batched proof against
 * the server's public key, unblinds and finalizes.
 */
public final class VoprfClient {
    private final Suite suite;
    private final ECPoint publicPoint;
    private final byte[] publicKey;

    /** Throws OprfException if the key is not a valid non-identity point. */
    public VoprfClient(byte[] serverPublicKey) {
        this(serverPublicKey, Suite.VOPRF);
    }

    VoprfClient(byte[] serverPublicKey, Suite suite) {
        this.suite = suite;
        this.publicPoint = P256.publicKey(serverPublicKey, "the server public key");
        this.publicKey = serverPublicKey.clone();
    }

    /** Blind (RFC 9497 section 3.3.2) for each input, with fresh random blinds. */
    public Blinded blind(List<byte[]> inputs, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        Voprf.checkBatch(inputs, "inputs");
        List<BigInteger> blinds = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            blinds.add(P256.randomScalar(random));
        }
        return blind(inputs, blinds);
    }

    /** As above with given blinds: the hook the RFC 9497 appendix A vectors need. */
    Blinded blind(List<byte[]> inputs, List<BigInteger> blinds) {
        Voprf.checkBatch(inputs, "inputs");
        int n = inputs.size();
        List<byte[]> copies = new ArrayList<>(n);
        BigInteger[] scalars = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            byte[] input = inputs.get(i);
            Suite.checkInput(input, "input " + i);
            copies.add(input.clone());
            scalars[i] = blinds.get(i);
        }
        ECPoint[] elements = P256.each(n, i -> suite.hashToGroup(copies.get(i)));
        for (int i = 0; i < n; i++) {
            if (elements[i].isInfinity()) {
                throw new OprfException("input " + i + " hashes to the identity element (InvalidInputError)");
            }
        }
        ECPoint[] points = P256.each(n, i -> elements[i].multiply(scalars[i]));
        P256.CURVE.normalizeAll(points);
        List<byte[]> encoded = new ArrayList<>(n);
        for (ECPoint p : points) {
            encoded.add(P256.serializeElement(p));
        }
        return new Blinded(List.copyOf(copies), scalars, points, List.copyOf(encoded));
    }

    /** Verifies the batched proof, unblinds, finalizes. Throws OprfException if counts differ or the proof fails. */
    public List<byte[]> finalize(Blinded blinded, BlindEvaluation evaluation) {
        Objects.requireNonNull(blinded, "blinded");
        if (evaluation == null || evaluation.evaluatedElements() == null) {
            throw new OprfException("the evaluation is missing its evaluated elements");
        }
        List<byte[]> evaluated = evaluation.evaluatedElements();
        int n = blinded.size();
        if (evaluated.size() != n) {
            throw new OprfException("the evaluation holds " + evaluated.size() + " evaluated elements for " + n
                    + " blinded elements: the counts must match");
        }
        byte[] proof = evaluation.proof();
        if (proof == null || proof.length != Voprf.PROOF_LENGTH) {
            throw new OprfException("the proof is " + (proof == null ? "missing" : proof.length + " bytes long")
                    + ": a proof is " + Voprf.PROOF_LENGTH + " bytes (c || s)");
        }
        ECPoint[] d = new ECPoint[n];
        for (int i = 0; i < n; i++) {
            d[i] = P256.deserializeElement(evaluated.get(i), "evaluated element " + i);
        }
        if (!Dleq.verifyProof(
                suite, publicPoint, publicKey, blinded.points(), blinded.encoded(), d, evaluated, proof)) {
            throw new OprfException("the proof does not verify: the evaluated elements were not made from these "
                    + "blinded elements with the server's published key; discard the answer");
        }
        ECPoint[] unblinded = P256.each(n, i -> d[i].multiply(BigIntegers.modOddInverse(P256.ORDER, blinded.blind(i))));
        P256.CURVE.normalizeAll(unblinded);
        List<byte[]> outputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            outputs.add(Suite.finalizeHash(blinded.input(i), P256.serializeElement(unblinded[i])));
        }
        return List.copyOf(outputs);
    }

    /** The base-mode (0x00) Finalize without a proof, used only to check the RFC 9497 appendix A.3.1 vectors. */
    List<byte[]> finalizeWithoutProof(Blinded blinded, List<byte[]> evaluated) {
        List<byte[]> outputs = new ArrayList<>();
        for (int i = 0; i < blinded.size(); i++) {
            ECPoint d = P256.deserializeElement(evaluated.get(i), "evaluated element " + i);
            ECPoint n = d.multiply(BigIntegers.modOddInverse(P256.ORDER, blinded.blind(i)))
                    .normalize();
            outputs.add(Suite.finalizeHash(blinded.input(i), P256.serializeElement(n)));
        }
        return outputs;
    }
}
