package org.jaring.core.oprf;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;

/** TEMPORARY stand-in until h-oprf lands. */
public final class VoprfClient {
    private final byte[] pk;
    private final ECPoint pkPoint;

    public VoprfClient(byte[] serverPublicKey) {
        this.pkPoint = Group.decode(serverPublicKey, "public key");
        this.pk = serverPublicKey.clone();
    }

    public Blinded blind(List<byte[]> inputs, SecureRandom random) {
        List<BigInteger> blinds = new ArrayList<>();
        List<byte[]> elements = new ArrayList<>();
        for (byte[] input : inputs) {
            BigInteger r = Group.randomScalar(random);
            blinds.add(r);
            elements.add(Group.hashToCurve(input).multiply(r).normalize().getEncoded(true));
        }
        return new Blinded(List.copyOf(inputs), blinds, elements);
    }

    public List<byte[]> finalize(Blinded blinded, BlindEvaluation evaluation) {
        if (evaluation.evaluatedElements().size() != blinded.size()) {
            throw new OprfException("evaluated_elements: "
                    + evaluation.evaluatedElements().size() + " elements for " + blinded.size() + " inputs");
        }
        byte[] proof = evaluation.proof();
        if (proof == null || proof.length != Voprf.PROOF_LENGTH) {
            throw new OprfException("proof: not " + Voprf.PROOF_LENGTH + " bytes");
        }
        ECPoint[] mz = Group.composite(pk, blinded.blindedElements(), evaluation.evaluatedElements());
        BigInteger c = new BigInteger(1, java.util.Arrays.copyOfRange(proof, 0, 32));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(proof, 32, 64));
        byte[] t2 = Group.G.multiply(s).add(pkPoint.multiply(c)).normalize().getEncoded(true);
        byte[] t3 = mz[0].multiply(s).add(mz[1].multiply(c)).normalize().getEncoded(true);
        BigInteger expected = Group.hashScalar(pk, mz[0].getEncoded(true), mz[1].getEncoded(true), t2, t3);
        if (!expected.equals(c)) {
            throw new OprfException("proof: does not verify against the public key");
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < blinded.size(); i++) {
            ECPoint e = Group.decode(evaluation.evaluatedElements().get(i), "evaluated element " + i);
            byte[] n = e.multiply(blinded.blinds.get(i).modInverse(Group.N))
                    .normalize()
                    .getEncoded(true);
            out.add(finish(blinded.inputs.get(i), n));
        }
        return out;
    }

    static byte[] finish(byte[] input, byte[] element) {
        MessageDigest d = Group.sha256();
        d.update(input);
        d.update(element);
        return d.digest();
    }
}
