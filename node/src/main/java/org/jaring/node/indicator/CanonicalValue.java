package org.jaring.node.indicator;
import org.jaring.v1.IndicatorType;
public record CanonicalValue(IndicatorType type, String value) {}
