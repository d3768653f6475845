package org.jaring.node.indicator;
import org.jaring.v1.IndicatorType;
// TEMPORARY placeholder until the indicator branch merges.
public final class Canonicalizer {
    public Canonicalizer(String region) {}
    public CanonicalValue canonicalize(IndicatorType type, String raw) throws InvalidIndicatorException {
        String v = raw.trim().toLowerCase();
        if (v.isEmpty() || v.contains("bad")) throw new InvalidIndicatorException("not valid");
        if (type == IndicatorType.INDICATOR_TYPE_UNSPECIFIED) type = IndicatorType.INDICATOR_TYPE_DOMAIN;
        return new CanonicalValue(type, v);
    }
}
