package org.jaring.node.cases;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import org.jaring.core.failure.Violations;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.core.indicator.InvalidIndicatorException;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;

/** Checks one incoming indicator and returns it in canonical form, or records why it is refused. */
final class IndicatorRules {
    private static final int MAX_NOTE = 2000;

    private IndicatorRules() {}

    /**
     * The canonical value of a (type, raw value) pair, or null after recording the violation. {@code field}
     * is the path of the message holding both ("indicators[3]"), or empty when they sit at the top level.
     */
    static CanonicalValue canonical(
            Canonicalizer canonicalizer,
            String field,
            IndicatorType type,
            int typeNumber,
            String raw,
            Violations violations) {
        String prefix = field.isEmpty() ? "" : field + ".";
        if (type == IndicatorType.UNRECOGNIZED) {
            violations.add(
                    prefix + "type",
                    "unknown indicator type number " + typeNumber + "; docs/protocol.md lists the types");
            return null;
        }
        try {
            return canonicalizer.canonicalize(type, raw);
        } catch (InvalidIndicatorException e) {
            violations.add(prefix + "value", e.getMessage());
            return null;
        }
    }

    /**
     * {@link #canonical} for element {@code index} of the repeated field {@code field}, whose name
     * ({@code field[index]}) is built only when the value is refused. Why: a lookup of 1,000 values built 2,000
     * field names that were used only in errors, about a fifth of what canonical form cost a lookup in the profile.
     * A refused value is made canonical a second time, on the named path, so its message is the same.
     */
    static CanonicalValue canonicalAt(
            Canonicalizer canonicalizer,
            String field,
            int index,
            IndicatorType type,
            int typeNumber,
            String raw,
            Violations violations) {
        if (type != IndicatorType.UNRECOGNIZED) {
            try {
                return canonicalizer.canonicalize(type, raw);
            } catch (InvalidIndicatorException e) {
                // refused: the named path below reports it
            }
        }
        return canonical(canonicalizer, field + "[" + index + "]", type, typeNumber, raw, violations);
    }

    /** The indicator as it will be stored, or null if any field is refused. */
    static Indicator check(
            Canonicalizer canonicalizer,
            String field,
            String caseId,
            Indicator in,
            Timestamp recordedAt,
            Violations violations) {
        Violations own = new Violations();
        CanonicalValue value = canonical(canonicalizer, field, in.getType(), in.getTypeValue(), in.getValue(), own);
        if (!in.getCaseId().isEmpty() && !in.getCaseId().equals(caseId)) {
            own.add(
                    field + ".case_id",
                    "'" + CaseRules.abbreviate(in.getCaseId())
                            + "' differs from the request's case_id; leave it empty or repeat it");
        }
        HandlingRules.checkOffences(field + ".offences", in.getOffencesList(), in.getOffencesValueList(), own);
        if (in.getConfidence() > 100) {
            own.add(field + ".confidence", in.getConfidence() + " is above 100");
        }
        checkTimestamp(field + ".first_seen", in.hasFirstSeen(), in.getFirstSeen(), own);
        checkTimestamp(field + ".last_seen", in.hasLastSeen(), in.getLastSeen(), own);
        checkTimestamp(field + ".valid_until", in.hasValidUntil(), in.getValidUntil(), own);
        if (in.hasFirstSeen()
                && in.hasLastSeen()
                && Timestamps.isValid(in.getFirstSeen())
                && Timestamps.isValid(in.getLastSeen())
                && Timestamps.compare(in.getFirstSeen(), in.getLastSeen()) > 0) {
            own.add(field + ".last_seen", "is before first_seen");
        }
        if (in.hasHandling()) {
            HandlingRules.checkHandling(field + ".handling", in.getHandling(), own);
        }
        if (in.getNote().length() > MAX_NOTE) {
            own.add(field + ".note", "longer than " + MAX_NOTE + " characters");
        }
        if (!own.isEmpty()) {
            violations.addAll(own);
            return null;
        }
        return in.toBuilder()
                .setType(value.type())
                .setValue(value.value())
                .setCaseId(caseId)
                .setRecordedAt(recordedAt)
                .build();
    }

    private static void checkTimestamp(String field, boolean present, Timestamp t, Violations violations) {
        if (present && !Timestamps.isValid(t)) {
            violations.add(field, "not a valid timestamp (seconds " + t.getSeconds() + ", nanos " + t.getNanos() + ")");
        }
    }
}
