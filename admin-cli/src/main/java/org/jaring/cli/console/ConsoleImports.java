package org.jaring.cli.console;

import com.sun.net.httpserver.HttpExchange;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.cli.interop.FileImport;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.v1.Case;
import org.jaring.v1.GetCaseRequest;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.PutCaseRequest;

/**
 * Imports by upload on the Cases page: {@code POST /api/import?case=ID} with the file as the body (and, for a new
 * case, {@code &title=...&reference=...}), then {@code GET /api/import} for its progress and, at the end, its report.
 * The file goes through {@link FileImport}, the very readers and LoadIndicators upload of {@code jaring import}.
 *
 * <p>Fails closed: a body above the cap is refused with 413 before it is stored anywhere; the format is recognised by
 * parsing the content; the whole file is checked before the case is created or anything sent; one import at a time
 * per console session (a second one is refused with 409 while the first runs).
 */
final class ConsoleImports {
    private static final Logger LOG = Logger.getLogger(ConsoleImports.class.getName());

    /** The default cap on an upload; larger files go through 'jaring import', which streams them from disk. */
    static final long DEFAULT_MAX_BYTES = 64L << 20;

    private static final int STREAMS = 2;

    /** How much of a body above the cap is read and dropped so that the client receives the 413. */
    private static final long DRAIN_BYTES = 16L << 20;

    private final Channel national;
    private final String country;
    private final int batchSize;
    private final long maxBytes;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private record Job(long id, String caseId, FileImport work) {}

    ConsoleImports(Channel national, String country, int batchSize, long maxBytes) {
        this.national = Objects.requireNonNull(national, "national");
        this.country = Objects.requireNonNull(country, "country");
        if (batchSize < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("batchSize and maxBytes must be positive");
        }
        this.batchSize = batchSize;
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** "64 MiB", "512 KiB" or "1000 bytes": the cap as the refusal names it. */
    static String size(long bytes) {
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }

    private Http.Failure tooLarge() {
        return new Http.Failure(
                413,
                "the file is larger than this console's upload cap of " + size(maxBytes) + " (jaring console"
                        + " --max-upload). Import a bigger file with 'jaring import FILE --case CASE_ID' on the command"
                        + " line, which reads it from disk in parts, or split it.");
    }

    void upload(HttpExchange ex, ConsoleGuard.Session session) throws IOException {
        Map<String, String> q = Http.query(ex);
        String caseId = q.getOrDefault("case", "").strip();
        if (caseId.isEmpty()) {
            throw new Http.Failure(400, "case: choose the case to import into, or give a new case's ID and title");
        }
        String title = q.getOrDefault("title", "").strip();
        String reference = q.getOrDefault("reference", "").strip();
        if (title.isEmpty() && !reference.isEmpty()) {
            throw new Http.Failure(
                    400, "title: a new case needs a title; leave the reference empty for an existing" + " case");
        }
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new Http.Failure(400, "Content-Length: not a number");
            }
            if (n > maxBytes) {
                drain(ex.getRequestBody());
                throw tooLarge();
            }
            if (n == 0) {
                throw new Http.Failure(400, "the file is empty; choose a STIX 2.1 bundle, a MISP event or a CSV file");
            }
        }
        FileImport work = new FileImport();
        Job job = new Job(ids.incrementAndGet(), caseId, work);
        Job running = jobs.compute(session.id(), (k, old) -> old == null || finished(old) ? job : old);
        if (running.id() != job.id()) {
            throw new Http.Failure(
                    409,
                    "an import into case " + running.caseId() + " is still running in this console; wait for"
                            + " its report, then import the next file");
        }
        Path file;
        try {
            file = receive(ex);
        } catch (RuntimeException | IOException e) {
            work.fail(e.getMessage());
            throw e;
        }
        Thread t = new Thread(() -> run(work, file, caseId, title, reference), "console-import-" + job.id());
        t.setDaemon(true);
        t.start();
        Http.json(ex, 202, Map.of("job", job.id(), "case", caseId));
    }

    private static boolean finished(Job j) {
        FileImport.Phase p = j.work().phase();
        return p == FileImport.Phase.DONE || p == FileImport.Phase.FAILED;
    }

    /**
     * Reads and drops what is left of a refused body, up to {@link #DRAIN_BYTES}: a client still sending when the
     * answer comes would otherwise see the connection reset instead of the 413 and its message. Past that, the
     * connection is closed (the page itself refuses a file above the cap before sending it).
     */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 << 10];
        long dropped = 0;
        for (int n; dropped < DRAIN_BYTES && (n = in.read(buffer)) > 0; ) {
            dropped += n;
        }
    }

    /** The body into an owner-only temporary file, refused past the cap whatever Content-Length said. */
    private Path receive(HttpExchange ex) throws IOException {
        Path file = Files.createTempFile(
                "jaring-console-import-",
                ".upload",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        boolean kept = false;
        try (InputStream in = ex.getRequestBody();
                OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 << 10];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    drain(in);
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
            if (total == 0) {
                throw new Http.Failure(400, "the file is empty; choose a STIX 2.1 bundle, a MISP event or a CSV file");
            }
            kept = true;
            return file;
        } finally {
            if (!kept) {
                Files.deleteIfExists(file);
            }
        }
    }

    private void run(FileImport work, Path file, String caseId, String title, String reference) {
        try {
            NationalServiceGrpc.NationalServiceBlockingStub stub =
                    NationalServiceGrpc.newBlockingStub(national).withDeadlineAfter(60, TimeUnit.SECONDS);
            if (title.isEmpty()) {
                // an existing case: refused before the file is read if it is not there
                stub.getCase(GetCaseRequest.newBuilder().setCaseId(caseId).build());
            }
            work.run(
                    file,
                    new Canonicalizer(country),
                    NationalServiceGrpc.newStub(national),
                    caseId,
                    batchSize,
                    STREAMS,
                    () -> {
                        if (!title.isEmpty()) {
                            create(caseId, title, reference);
                        }
                    });
        } catch (StatusRuntimeException e) {
            Status s = e.getStatus();
            work.fail(
                    s.getCode() == Status.Code.NOT_FOUND
                            ? "case " + caseId
                                    + " does not exist on this node; choose a case from the list, or create one"
                            : s.getCode() + ": " + s.getDescription());
        } catch (Http.Failure e) {
            work.fail(e.getMessage());
        } catch (RuntimeException e) {
            // the terminal gets the exception, the page a message without a file's bytes or Java's names
            LOG.log(Level.WARNING, "console import failed", e);
            work.fail("the import failed; the terminal running 'jaring console' shows why");
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not delete the uploaded file " + file, e);
            }
        }
    }

    /** A new case, never an existing one overwritten: a case of that ID already there is refused. */
    private void create(String caseId, String title, String reference) {
        NationalServiceGrpc.NationalServiceBlockingStub stub =
                NationalServiceGrpc.newBlockingStub(national).withDeadlineAfter(60, TimeUnit.SECONDS);
        try {
            stub.getCase(GetCaseRequest.newBuilder().setCaseId(caseId).build());
            throw new Http.Failure(
                    409, "case " + caseId + " already exists: choose it as an existing case, or give a new case ID");
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
        stub.putCase(PutCaseRequest.newBuilder()
                .setCase(Case.newBuilder().setCaseId(caseId).setTitle(title).setReference(reference))
                .build());
    }

    /** The session's last import: its progress while it runs, its report once it has finished. */
    void status(HttpExchange ex, ConsoleGuard.Session session) throws IOException {
        Job job = jobs.get(session.id());
        if (job == null) {
            Http.json(ex, 200, Map.of("phase", "NONE"));
            return;
        }
        FileImport.Snapshot s = job.work().snapshot();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job", job.id());
        out.put("case", job.caseId());
        out.put("phase", s.phase().name());
        out.put("format", s.format());
        out.put("read", s.read());
        out.put("valid", s.valid());
        out.put("stored", s.stored());
        out.put("created", s.created());
        out.put("duplicates", s.duplicates());
        out.put("skipped", s.skipped());
        out.put("readingDone", s.readingDone());
        out.put("refusedCount", s.refusedCount());
        out.put("refused", s.refused());
        out.put("notes", s.notes());
        out.put("ignored", s.ignored());
        out.put("error", s.error());
        Http.json(ex, 200, out);
    }
}
