package org.jaring.core.indicator;

import java.util.List;
import java.util.Objects;
import org.jaring.v1.IndicatorType;

/**
 * An indicator value in its one canonical form. The type may differ from the type that was asked for:
 * an IPv4-mapped IPv6 address is an IPv4 address.
 *
 * <p>{@code warnings} says what a reader of the value should know although it was accepted: a CIDR range whose
 * host bits were masked, a domain whose label looks like another (UTS #39 confusable) or mixes scripts. Warnings
 * are advice for the analyst and the import report, not part of the key: two values with the same type and value
 * are equal whatever their warnings, so lookups and maps key on (type, value) only.
 */
public record CanonicalValue(IndicatorType type, String value, List<String> warnings) {
    public CanonicalValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
        if (type == IndicatorType.INDICATOR_TYPE_UNSPECIFIED || type == IndicatorType.UNRECOGNIZED) {
            throw new IllegalArgumentException("a canonical value needs a concrete type, not " + type);
        }
    }

    public CanonicalValue(IndicatorType type, String value) {
        this(type, value, List.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CanonicalValue other && type == other.type && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + value.hashCode();
    }

    @Override
    public String toString() {
        return warnings.isEmpty()
                ? "CanonicalValue[" + type + ", " + value + "]"
                : "CanonicalValue[" + type + ", " + value + ", warnings=" + warnings + "]";
    }
}
