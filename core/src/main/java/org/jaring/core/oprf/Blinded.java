package org.jaring.core.oprf;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;

/** Client state between blind and finalize; blindedElements() is what goes on the wire. */
public final class Blinded {
    private final List<byte[]> inputs;
    private final BigInteger[] blinds;
    private final ECPoint[] points;
    private final List<byte[]> encoded;

    Blinded(List<byte[]> inputs, BigInteger[] blinds, ECPoint[] points, List<byte[]> encoded) {
        this.inputs = inputs;
        this.blinds = blinds;
        this.points = points;
        this.encoded = encoded;
    }

    /** Copies of the 33-byte blinded elements, in input order. */
    public List<byte[]> blindedElements() {
        List<byte[]> out = new ArrayList<>(encoded.size());
        for (byte[] e : encoded) {
            out.add(e.clone());
        }
        return List.copyOf(out);
    }

    public int size() {
        return encoded.size();
    }

    byte[] input(int i) {
        return inputs.get(i);
    }

    BigInteger blind(int i) {
        return blinds[i];
    }

    ECPoint[] points() {
        return points.clone();
    }

    List<byte[]> encoded() {
        return encoded;
    }

    /** Never shows the inputs or blinds. */
    @Override
    public String toString() {
        return "Blinded[size=" + size() + "]";
    }
}
