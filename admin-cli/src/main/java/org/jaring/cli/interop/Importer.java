package org.jaring.cli.interop;

import java.util.function.Consumer;
import org.jaring.cli.UserError;

/**
 * One import, streamed: the reader hands each item to {@link LocalCheck} as soon as it is read, and each valid
 * one goes straight to the {@link ParallelUpload}, so reading and checking the rest of the file overlap the
 * upload instead of preceding it. In a dry run (no upload) the items are only checked and counted.
 */
final class Importer {
    private Importer() {}

    /**
     * Reads everything {@code source} gives, checks it, and uploads the valid items (when {@code upload} is not
     * null), then waits for the node. ImportCommand has checked the whole file before (a CSV is read through
     * once first), so a file that becomes unreadable half-way here was changed during the import: what was
     * confirmed before it stays stored, and the message says so.
     */
    static void run(
            Consumer<ReadSink> source,
            LocalCheck check,
            ParallelUpload upload,
            ImportOutcome outcome,
            ImportProgress progress) {
        ReadSink sink = new ReadSink() {
            @Override
            public void item(ImportItem item) {
                outcome.countRead();
                ValidItem valid = check.check(item, outcome);
                if (valid != null && upload != null) {
                    upload.add(valid);
                }
            }

            @Override
            public void refuse(Refusal refusal) {
                outcome.countRead();
                outcome.refuse(refusal);
            }

            @Override
            public void skip() {
                outcome.skip();
            }

            @Override
            public void ignore(String kind, int count) {
                outcome.ignore(kind, count);
            }
        };
        try {
            source.accept(sink);
        } catch (ParallelUpload.Stopped stopped) {
            // a stream failed; finish() below says how and how much was stored
        } catch (UserError unreadable) {
            if (upload == null) {
                throw unreadable;
            }
            upload.finish();
            throw new UserError(unreadable.getMessage() + ". Stored before that: " + outcome.stored() + " indicators"
                    + " (from the rows before it); re-importing the file once it reads is safe.");
        }
        progress.readingDone();
        if (upload != null) {
            upload.finish();
        }
    }
}
