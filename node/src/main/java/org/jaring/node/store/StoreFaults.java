package org.jaring.node.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.jaring.core.failure.StorageException;
import org.jaring.core.logging.ThrottledLog;
import org.rocksdb.RocksDBException;

/**
 * What is wrong with the store right now, for the status of a refused call, the WARNING log, the metrics and
 * the health service: a full or read-only data folder or an I/O error (writes refused until a write succeeds
 * again), or a corrupted block (until the data folder is restored). Every message names the data folder, the
 * free space on its disk and what the operator should do (docs/operations.md, "The disk filled up").
 */
public final class StoreFaults {
    private static final Logger LOG = Logger.getLogger(StoreFaults.class.getName());
    private static final Duration WARN_EVERY = Duration.ofSeconds(30);
    private static final String RUNBOOK = "docs/operations.md, 'The disk filled up'";

    private final Path directory;
    private final Map<StorageException.Kind, AtomicLong> failures = new EnumMap<>(StorageException.Kind.class);
    private final Map<StorageException.Kind, ThrottledLog> warnings = new EnumMap<>(StorageException.Kind.class);
    /** The fault that makes writes fail now; null while writes succeed. */
    private volatile StorageException.Kind writeFault;

    private volatile String writeFaultText = "";
    private volatile boolean corrupted;
    private volatile String corruptionText = "";

    StoreFaults(Path directory) {
        this.directory = directory;
        for (StorageException.Kind kind : StorageException.Kind.values()) {
            failures.put(kind, new AtomicLong());
            warnings.put(kind, new ThrottledLog(LOG, WARN_EVERY));
        }
    }

    /** Failures of each kind since start. */
    public long failures(StorageException.Kind kind) {
        return failures.get(kind).get();
    }

    /** The fault refusing writes now (NO_SPACE, READ_ONLY, IO_ERROR, OTHER), or null. */
    public StorageException.Kind writeFault() {
        return writeFault;
    }

    /** Whether a read has met a block that failed its checksum since start. */
    public boolean corrupted() {
        return corrupted;
    }

    /** Bytes the node may still use on the data folder's disk; -1 when it cannot be read. */
    public long freeBytes() {
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Why the store cannot do all its work, for the health service; empty while it can. */
    public String problem() {
        if (corrupted) {
            return corruptionText;
        }
        StorageException.Kind fault = writeFault;
        return fault == null ? "" : writeFaultText;
    }

    /** Classifies {@code e}, counts it, logs what to do, and returns it described for the caller. */
    StoreFailure failed(RocksDBException e, boolean write) {
        if (e instanceof StoreFailure already) {
            return already;
        }
        StorageException.Kind kind = StoreFailure.classify(e);
        String text = describe(kind, e);
        failures.get(kind).incrementAndGet();
        if (kind == StorageException.Kind.CORRUPTION) {
            corruptionText = text;
            corrupted = true;
        } else if (write) {
            writeFaultText = text;
            writeFault = kind;
        }
        warnings.get(kind).warn(() -> text);
        return new StoreFailure(text, e.getStatus(), kind, e);
    }

    /** New data refused because free space is below the reserve; counted as a full disk. */
    StoreFailure refusedOnReserve(long reserveBytes) {
        String text = "the data folder " + directory + " is almost full (" + mib(freeBytes()) + " free, less than its"
                + " reserve of " + mib(reserveBytes) + "): new data is refused, lookups and their audit records go on"
                + " from the reserve; free space on that disk or grow it, new data is accepted again at once ("
                + RUNBOOK + ")";
        failures.get(StorageException.Kind.NO_SPACE).incrementAndGet();
        writeFaultText = text;
        writeFault = StorageException.Kind.NO_SPACE;
        warnings.get(StorageException.Kind.NO_SPACE).warn(() -> text);
        return new StoreFailure(text, null, StorageException.Kind.NO_SPACE, null);
    }

    /** A write succeeded: the disk takes data again. */
    void writeSucceeded() {
        if (writeFault != null) {
            writeFault = null;
            writeFaultText = "";
            LOG.warning("the data folder " + directory + " takes writes again (" + mib(freeBytes())
                    + " free): new data is accepted");
        }
    }

    private String describe(StorageException.Kind kind, RocksDBException e) {
        String free = mib(freeBytes()) + " free";
        String rocks = String.valueOf(e.getMessage());
        String detail = " [RocksDB: " + rocks + "]";
        return switch (kind) {
            case NO_SPACE ->
                "the data folder " + directory + " is full (" + free + "): writes are refused, and audited"
                        + " calls such as lookups with them; free space on that disk or grow it, the node resumes by"
                        + " itself within seconds (" + RUNBOOK + ")" + detail;
            case READ_ONLY ->
                "the data folder " + directory + " cannot be written (read-only or no permission):"
                        + " writes and audited calls are refused; remount the disk read-write or give the node's user write access, the"
                        + " node resumes by itself (" + RUNBOOK + ")" + detail;
            case CORRUPTION ->
                "a block in the data folder " + directory + " failed its checksum: the read is"
                        + " refused rather than answered as 'not found'; check the disk and restore the data folder"
                        + " from a backup (docs/operations.md, section 5, 'Back up and restore')" + detail;
            case IO_ERROR, OTHER ->
                "the store in the data folder " + directory + " failed (" + free + "): check"
                        + " the disk (dmesg, free space); the node retries by itself (" + RUNBOOK + ")" + detail;
        };
    }

    static String mib(long bytes) {
        return bytes < 0 ? "unknown space" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
