package org.jaring.cli.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of an import, for the summary line and the report. The reading thread and the upload streams
 * add to it at the same time, hence the locks; it is read once everything has finished.
 */
final class ImportOutcome {
    private int read;
    private int valid;
    private int stored;
    private int created;
    private int duplicates;
    private int skipped;
    private final List<Refusal> refused = new ArrayList<>();
    private final List<Refusal> notes = new ArrayList<>();
    private final Map<String, Integer> ignored = new TreeMap<>();

    synchronized void countRead() {
        read++;
    }

    synchronized void countValid() {
        valid++;
    }

    synchronized void duplicate() {
        duplicates++;
    }

    synchronized void skip() {
        skipped++;
    }

    synchronized void refuse(Refusal r) {
        refused.add(r);
    }

    /** A stored value with something dropped from it (a port, a file name): reported, not refused. */
    synchronized void note(Refusal note) {
        notes.add(note);
    }

    /** Content the file holds that Jaring does not import (MISP galaxies, sightings, PAP tags): counted. */
    synchronized void ignore(String kind, int count) {
        ignored.merge(kind, count, Integer::sum);
    }

    synchronized List<Refusal> notes() {
        return List.copyOf(notes);
    }

    synchronized Map<String, Integer> ignored() {
        return Map.copyOf(ignored);
    }

    /** "; ignored: 2 MISP galaxies, 1 MISP sighting" or "". */
    synchronized String ignoredSummary() {
        if (ignored.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("; not imported (Jaring has no field for them): ");
        String sep = "";
        for (Map.Entry<String, Integer> e : ignored.entrySet()) {
            b.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        return b.toString();
    }

    synchronized void stored(long storedCount, long createdCount) {
        stored += (int) storedCount;
        created += (int) createdCount;
    }

    synchronized int read() {
        return read;
    }

    /** Items that passed the local checks and were handed to the upload (or, in a dry run, would be). */
    synchronized int valid() {
        return valid;
    }

    synchronized int stored() {
        return stored;
    }

    synchronized int created() {
        return created;
    }

    synchronized int duplicates() {
        return duplicates;
    }

    synchronized int skipped() {
        return skipped;
    }

    /** Every refusal, ordered by when it was found (file order for the reader's and the local checks'). */
    synchronized List<Refusal> refused() {
        return List.copyOf(refused);
    }
}
