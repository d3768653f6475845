package org.jaring.cli.interop;

import java.util.ArrayList;
import java.util.List;

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
