package org.jaring.cli.interop;

import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jaring.cli.Refused;
import org.jaring.cli.UserError;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.v1.NationalServiceGrpc;

/**
 * One import of a file from outside the command line (the console's upload), through exactly the readers, local
 * checks and LoadIndicators upload of {@code jaring import}: no second parser. The format is recognised from the
 * content, never from a name. The whole file is read and checked before anything is sent, so a file refused whole
 * changes nothing on the node (not even the case it was meant for). Progress and the report are read with
 * {@link #snapshot()} from another thread while {@link #run} works.
 */
public final class FileImport {
    /** Where an import is: reading and checking the whole file, sending to the node, or finished. */
    public enum Phase {
        CHECKING,
        SENDING,
        DONE,
        FAILED
    }

    /** A refused item (or a stored one something was dropped from): where it is in the file, what and why. */
    public record Item(String position, String type, String value, String reason) {}

    /** What the import has done so far; the lists are filled once it has finished. */
    public record Snapshot(
            Phase phase,
            String format,
            int read,
            int valid,
            int stored,
            int created,
            int duplicates,
            int skipped,
            boolean readingDone,
            int refusedCount,
            List<Item> refused,
            List<Item> notes,
            Map<String, Integer> ignored,
            String error) {}

    /** Refusals listed in one snapshot at most; the count is always the whole number. */
    public static final int MAX_LISTED = 5000;

    private final ImportOutcome outcome = new ImportOutcome();
    private final ImportProgress progress = new ImportProgress(null);
    private volatile Phase phase = Phase.CHECKING;
    private volatile String format = "";
    private volatile String error = "";

    /**
     * Imports {@code file} into {@code caseId}; never throws for the file's or the node's refusals, which end in
     * phase FAILED with the message. {@code beforeSending} runs once the whole file has been read and accepted
     * (the caller creates a new case there, so a refused file leaves no empty case behind).
     */
    public void run(
            Path file,
            Canonicalizer canonicalizer,
            NationalServiceGrpc.NationalServiceStub stub,
            String caseId,
            int batchSize,
            int streams,
            Runnable beforeSending) {
        Objects.requireNonNull(beforeSending, "beforeSending");
        CsvReader csv = null;
        try {
            String f = ImportCommand.detectByContent(file);
            format = f;
            Consumer<ReadSink> source;
            long expected;
            if (f.equals("csv")) {
                ImportCommand.checkWhole(file, Map.of());
                csv = CsvReader.open(file, Map.of());
                source = csv::readRows;
                expected = csv.estimatedRows();
            } else {
                ParsedFile parsed = f.equals("stix")
                        ? StixReader.read(ImportCommand.readJson(file))
                        : MispReader.readEvents(ImportCommand.readJson(file));
                source = parsed::replay;
                expected = parsed.items.size();
            }
            beforeSending.run();
            phase = Phase.SENDING;
            LocalCheck check = new LocalCheck(canonicalizer, false, expected);
            ParallelUpload upload = new ParallelUpload(stub, caseId, batchSize, streams, outcome, progress);
            Importer.run(source, check, upload, outcome, progress);
            phase = Phase.DONE;
        } catch (UserError | Refused e) {
            // The readers name the file by its path, here a temporary file the person who uploaded it never saw.
            String message = e.getMessage();
            fail(message == null ? null : message.replace(file.toString(), "the file"));
        } catch (StatusRuntimeException e) {
            fail(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
        } finally {
            if (csv != null) {
                csv.close();
            }
        }
    }

    /** Ends the import as refused with {@code message} (also for the caller's own checks before it ran). */
    public void fail(String message) {
        error = message == null ? "the import failed" : message;
        phase = Phase.FAILED;
    }

    public Phase phase() {
        return phase;
    }

    public Snapshot snapshot() {
        Phase p = phase;
        boolean finished = p == Phase.DONE || p == Phase.FAILED;
        List<Refusal> refused = outcome.refused();
        return new Snapshot(
                p,
                format,
                outcome.read(),
                outcome.valid(),
                outcome.stored(),
                outcome.created(),
                outcome.duplicates(),
                outcome.skipped(),
                progress.isReadingDone(),
                refused.size(),
                finished ? items(refused) : List.of(),
                finished ? items(outcome.notes()) : List.of(),
                outcome.ignored(),
                error);
    }

    private static List<Item> items(List<Refusal> list) {
        List<Item> out = new ArrayList<>(Math.min(list.size(), MAX_LISTED));
        for (Refusal r : list.subList(0, Math.min(list.size(), MAX_LISTED))) {
            out.add(new Item(r.position(), r.type(), r.value(), r.reason()));
        }
        return out;
    }
}
