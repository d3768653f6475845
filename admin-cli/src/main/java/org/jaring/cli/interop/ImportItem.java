package org.jaring.cli.interop;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;

/**
 * One value read from an import file, before it is made canonical. {@code position} says where it came from
 * (row 7, indicator--..., attribute uuid) for the report. {@code type} UNSPECIFIED means "recognise it";
 * {@code accept}, when not null, is the set of types the source format allows (a MISP ip-dst must be an IP).
 */
final class ImportItem {
    final String position;
    IndicatorType type = IndicatorType.INDICATOR_TYPE_UNSPECIFIED;
    Set<IndicatorType> accept;
    String sourceType = "";
    String raw;
    final List<Offence> offences = new ArrayList<>();
    Integer confidence;
    Instant firstSeen;
    Instant lastSeen;
    Instant validUntil;
    Tlp tlp;
    String note = "";
    /** What the reader dropped from this value (a port, a file name), for the report once the value is stored. */
    final List<String> notes = new ArrayList<>();

    ImportItem(String position) {
        this.position = position;
    }

    ImportItem copyFor(String newPosition, IndicatorType newType, String newRaw) {
        ImportItem c = new ImportItem(newPosition);
        c.type = newType;
        c.accept = null;
        c.sourceType = sourceType;
        c.raw = newRaw;
        c.offences.addAll(offences);
        c.confidence = confidence;
        c.firstSeen = firstSeen;
        c.lastSeen = lastSeen;
        c.validUntil = validUntil;
        c.tlp = tlp;
        c.note = note;
        c.notes.addAll(notes);
        return c;
    }
}
