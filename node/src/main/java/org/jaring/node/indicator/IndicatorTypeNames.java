package org.jaring.node.indicator;
import org.jaring.v1.IndicatorType;
// TEMPORARY placeholder until the indicator branch merges.
public final class IndicatorTypeNames {
    public static String name(IndicatorType t) { return t.name().substring(15).toLowerCase().replace('_','-'); }
    public static IndicatorType parse(String s) { return IndicatorType.valueOf("INDICATOR_TYPE_" + s.toUpperCase().replace('-','_')); }
}
