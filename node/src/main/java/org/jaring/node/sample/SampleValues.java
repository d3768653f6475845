package org.jaring.node.sample;
import org.jaring.v1.IndicatorType;
// TEMPORARY placeholder until the indicator branch merges.
public final class SampleValues {
    private final java.util.Random r;
    public SampleValues(long seed) { r = new java.util.Random(seed); }
    public String next(IndicatorType type, String country) { return "v" + r.nextInt(1_000_000) + ".example"; }
}
