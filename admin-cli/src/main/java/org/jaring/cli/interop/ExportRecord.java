package org.jaring.cli.interop;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Hit;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;

/**
 * One indicator as the export formats see it. Notes never leave the node, so they are not here; audiences
 * (nodes, groups, local_only) have no STIX or MISP equivalent: an indicator with no effective handling or a
 * local_only audience is exported as TLP:RED, the level that says "not for disclosure".
 */
record ExportRecord(
        IndicatorType type,
        String value,
        List<Offence> offences,
        int confidence,
        Instant firstSeen,
        Instant lastSeen,
        Instant validUntil,
        Tlp tlp,
        Instant recorded) {
    static final Comparator<ExportRecord> ORDER =
            Comparator.comparingInt((ExportRecord r) -> r.type().getNumber()).thenComparing(ExportRecord::value);

    static ExportRecord of(Indicator i, Case c) {
        Handling h = i.hasHandling() ? i.getHandling() : c.hasDefaultHandling() ? c.getDefaultHandling() : null;
        Tlp tlp = h == null
                        || h.getAudience().getLocalOnly()
                        || h.getTlp() == Tlp.TLP_UNSPECIFIED
                        || h.getTlp() == Tlp.UNRECOGNIZED
                ? Tlp.TLP_RED
                : h.getTlp();
        List<Offence> offences = i.getOffencesCount() > 0 ? i.getOffencesList() : c.getOffencesList();
        return new ExportRecord(
                i.getType(),
                i.getValue(),
                List.copyOf(offences),
                i.getConfidence(),
                i.hasFirstSeen() ? time(i.getFirstSeen()) : null,
                i.hasLastSeen() ? time(i.getLastSeen()) : null,
                i.hasValidUntil() ? time(i.getValidUntil()) : null,
                tlp,
                i.hasRecordedAt() ? time(i.getRecordedAt()) : null);
    }

    static ExportRecord of(Hit h) {
        Tlp tlp = h.getTlp() == Tlp.TLP_UNSPECIFIED || h.getTlp() == Tlp.UNRECOGNIZED ? Tlp.TLP_RED : h.getTlp();
        return new ExportRecord(
                h.getType(),
                h.getValue(),
                List.copyOf(h.getOffencesList()),
                h.getConfidence(),
                h.hasFirstSeen() ? time(h.getFirstSeen()) : null,
                h.hasLastSeen() ? time(h.getLastSeen()) : null,
                h.hasValidUntil() ? time(h.getValidUntil()) : null,
                tlp,
                null);
    }

    /** When the record was made, for created/modified and valid_from: recorded_at, else first or last seen. */
    Instant stamp(Instant fallback) {
        if (recorded != null) {
            return recorded;
        }
        if (firstSeen != null) {
            return firstSeen;
        }
        return lastSeen != null ? lastSeen : fallback;
    }

    private static Instant time(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
