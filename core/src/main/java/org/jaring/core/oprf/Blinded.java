package org.jaring.core.oprf;

import java.math.BigInteger;
import java.util.List;

/** TEMPORARY stand-in until h-oprf lands. */
public final class Blinded {
    final List<byte[]> inputs;
    final List<BigInteger> blinds;
    private final List<byte[]> elements;

    Blinded(List<byte[]> inputs, List<BigInteger> blinds, List<byte[]> elements) {
        this.inputs = inputs;
        this.blinds = blinds;
        this.elements = elements;
    }

    public List<byte[]> blindedElements() {
        return elements;
    }

    public int size() {
        return elements.size();
    }
}
