package org.jaring.cli.interop;

import java.io.PrintWriter;

/**
 * Progress lines on stderr for large imports, one per confirmed segment. The total is only known once the whole
 * file has been read (reading runs ahead of the upload), so until then the line says how much was read so far.
 */
final class ImportProgress {
    /** Below this many valid indicators an import is quick and prints no progress. */
    static final int FROM = 10_000;

    private final PrintWriter err;
    private volatile boolean readingDone;

    ImportProgress(PrintWriter err) {
        this.err = err;
    }

    void readingDone() {
        readingDone = true;
    }

    /** Whether the whole file has been read, so that the count of valid items is the total to store. */
    boolean isReadingDone() {
        return readingDone;
    }

    synchronized void stored(ImportOutcome outcome) {
        int valid = outcome.valid();
        if (err == null || valid < FROM) {
            return;
        }
        if (readingDone) {
            err.printf("  stored %,d of %,d%n", outcome.stored(), valid);
        } else {
            err.printf("  stored %,d of %,d read so far%n", outcome.stored(), valid);
        }
        err.flush();
    }
}
