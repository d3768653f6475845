package org.jaring.core.indicator;

import java.util.Objects;
import org.jaring.v1.IndicatorType;

/**
 * An indicator value in its one canonical form. The type may differ from the type that was asked for:
 * an IPv4-mapped IPv6 address is an IPv4 address.
 */
public record CanonicalValue(IndicatorType type, String value) {
    public CanonicalValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (type == IndicatorType.INDICATOR_TYPE_UNSPECIFIED || type == IndicatorType.UNRECOGNIZED) {
            throw new IllegalArgumentException("a canonical value needs a concrete type, not " + type);
        }
    }
}
