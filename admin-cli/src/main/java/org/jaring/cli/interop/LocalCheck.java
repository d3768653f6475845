package org.jaring.cli.interop;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.core.indicator.InvalidIndicatorException;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;

/**
 * Checks one item the way the node will, before it is sent: the value is made canonical with the node's own
 * {@link Canonicalizer} (same country) and the other fields against the node's rules (docs/protocol.md 3.5),
 * so a bad value is reported with its position instead of sinking its batch. A value that occurs again in the
 * file (same canonical type and value) is counted as a duplicate and sent once. Used by one thread.
 */
final class LocalCheck {
    private static final int MAX_NOTE = 2000;

    private final Canonicalizer canonicalizer;
    private final Set<String> seen;

    /** {@code expected}: about how many items will come, so the duplicate set does not keep resizing. */
    LocalCheck(Canonicalizer canonicalizer, long expected) {
        this.canonicalizer = canonicalizer;
        this.seen = new HashSet<>((int) Math.min(1 << 24, Math.max(16, expected * 4 / 3)));
    }

    /** The indicator to send, or null when the item was refused or repeats an earlier one (both counted). */
    ValidItem check(ImportItem item, ImportOutcome outcome) {
        String shownType = item.sourceType.isEmpty() && item.type != IndicatorType.INDICATOR_TYPE_UNSPECIFIED
                ? IndicatorTypeNames.name(item.type)
                : item.sourceType;
        CanonicalValue value;
        try {
            value = canonicalizer.canonicalize(item.type, item.raw);
        } catch (InvalidIndicatorException e) {
            outcome.refuse(new Refusal(item.position, shownType, item.raw, e.getMessage()));
            return null;
        }
        if (item.accept != null && !item.accept.contains(value.type())) {
            outcome.refuse(new Refusal(
                    item.position,
                    shownType,
                    item.raw,
                    "recognised as " + IndicatorTypeNames.name(value.type()) + ", which " + shownType
                            + " cannot hold"));
            return null;
        }
        String problem = fieldProblem(item);
        if (problem != null) {
            outcome.refuse(new Refusal(item.position, shownType, item.raw, problem));
            return null;
        }
        if (!seen.add(value.type().getNumber() + "\u0000" + value.value())) {
            outcome.duplicate();
            return null;
        }
        Indicator.Builder b = Indicator.newBuilder()
                .setType(value.type())
                .setValue(value.value())
                .addAllOffences(item.offences)
                .setNote(item.note == null ? "" : item.note);
        if (item.confidence != null) {
            b.setConfidence(item.confidence);
        }
        if (item.firstSeen != null) {
            b.setFirstSeen(ts(item.firstSeen));
        }
        if (item.lastSeen != null) {
            b.setLastSeen(ts(item.lastSeen));
        }
        if (item.validUntil != null) {
            b.setValidUntil(ts(item.validUntil));
        }
        if (item.tlp != null) {
            b.setHandling(Handling.newBuilder().setTlp(item.tlp));
        }
        outcome.countValid();
        return new ValidItem(item, b.build());
    }

    /** The node's rules for the other fields (docs/protocol.md 3.5). */
    private static String fieldProblem(ImportItem item) {
        if (item.confidence != null && (item.confidence < 0 || item.confidence > 100)) {
            return "confidence " + item.confidence + " is not between 0 and 100";
        }
        if (item.firstSeen != null && item.lastSeen != null && item.lastSeen.isBefore(item.firstSeen)) {
            return "last_seen is before first_seen";
        }
        if (item.note != null && item.note.length() > MAX_NOTE) {
            return "note longer than " + MAX_NOTE + " characters";
        }
        for (Instant t : new Instant[] {item.firstSeen, item.lastSeen, item.validUntil}) {
            if (t != null && !Timestamps.isValid(ts(t))) {
                return "a time is outside the range protobuf timestamps can hold";
            }
        }
        return null;
    }

    private static Timestamp ts(Instant t) {
        return Timestamp.newBuilder()
                .setSeconds(t.getEpochSecond())
                .setNanos(t.getNano())
                .build();
    }
}
