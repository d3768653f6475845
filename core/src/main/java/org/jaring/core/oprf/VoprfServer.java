package org.jaring.core.oprf;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;

/** TEMPORARY stand-in until h-oprf lands. */
public final class VoprfServer {
    private final BigInteger k;
    private final byte[] pk;

    public VoprfServer(VoprfKeyPair key) {
        this.k = key.secret;
        this.pk = key.publicKey();
    }

    public BlindEvaluation blindEvaluate(List<byte[]> blindedElements, SecureRandom random) {
        List<byte[]> out = new ArrayList<>(blindedElements.size());
        for (int i = 0; i < blindedElements.size(); i++) {
            out.add(Group.decode(blindedElements.get(i), "blinded element " + i)
                    .multiply(k)
                    .normalize()
                    .getEncoded(true));
        }
        ECPoint[] mz = Group.composite(pk, blindedElements, out);
        BigInteger r = Group.randomScalar(random);
        byte[] t2 = Group.G.multiply(r).normalize().getEncoded(true);
        byte[] t3 = mz[0].multiply(r).normalize().getEncoded(true);
        BigInteger c = Group.hashScalar(pk, mz[0].getEncoded(true), mz[1].getEncoded(true), t2, t3);
        BigInteger s = r.subtract(c.multiply(k)).mod(Group.N);
        byte[] proof = new byte[64];
        System.arraycopy(Group.scalar(c), 0, proof, 0, 32);
        System.arraycopy(Group.scalar(s), 0, proof, 32, 32);
        return new BlindEvaluation(out, proof);
    }

    public byte[] evaluate(byte[] input) {
        byte[] n = Group.hashToCurve(input).multiply(k).normalize().getEncoded(true);
        return VoprfClient.finish(input, n);
    }

    public byte[] publicKey() {
        return pk.clone();
    }
}
