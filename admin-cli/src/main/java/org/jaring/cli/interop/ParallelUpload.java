package org.jaring.cli.interop;

import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jaring.cli.Refused;
import org.jaring.v1.NationalServiceGrpc;

/**
 * The upload side of an import. The reading thread hands in valid items as it checks them; they are cut into
 * segments of a few batches, and {@code streams} workers each store one segment at a time on a LoadIndicators
 * stream of their own ({@link SegmentUpload}), so the node canonicalises one batch while it syncs another, and
 * reading overlaps both. A full queue makes reading wait, so memory stays bounded whatever the file size.
 *
 * <p>Why several streams are safe: every batch is one atomic write on the node, and the import sends each
 * (type, value) once, so no two batches in flight touch the same indicator and their order does not matter.
 * Why segments: a LoadIndicators stream answers only at its end, so ending a stream every few batches is what
 * confirms progress; a failure then loses at most the segments in flight, which the message says.
 */
final class ParallelUpload {
    /** About this many indicators per stream: a confirmation every fraction of a second, not per batch. */
    static final int SEGMENT_INDICATORS = 20_000;

    private static final List<ValidItem> END = new ArrayList<>();

    /** Thrown into the reading thread once a stream has failed: reading more would be wasted. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final NationalServiceGrpc.NationalServiceStub stub;
    private final String caseId;
    private final int batchSize;
    private final int segmentSize;
    private final ImportOutcome outcome;
    private final ImportProgress progress;
    private final BlockingQueue<List<ValidItem>> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger notConfirmed = new AtomicInteger();
    private List<ValidItem> current;

    ParallelUpload(
            NationalServiceGrpc.NationalServiceStub stub,
            String caseId,
            int batchSize,
            int streams,
            ImportOutcome outcome,
            ImportProgress progress) {
        this.stub = stub;
        this.caseId = caseId;
        this.batchSize = batchSize;
        this.segmentSize = batchSize * Math.max(1, SEGMENT_INDICATORS / batchSize);
        this.outcome = outcome;
        this.progress = progress;
        this.queue = new ArrayBlockingQueue<>(streams);
        this.current = new ArrayList<>(segmentSize);
        for (int i = 0; i < streams; i++) {
            Thread t = new Thread(this::work, "import-upload-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    /** Queues one valid item; throws {@link Stopped} once the upload has failed. */
    void add(ValidItem item) {
        if (failure.get() != null) {
            throw new Stopped();
        }
        current.add(item);
        if (current.size() == segmentSize) {
            handOver(current);
            current = new ArrayList<>(segmentSize);
        }
    }

    /**
     * Sends what is left, waits until every stream has ended, and throws {@link Refused} if the upload failed:
     * what was confirmed is stored (batches are atomic), the rest was not confirmed.
     */
    void finish() {
        if (!current.isEmpty()) {
            if (failure.get() == null) {
                handOver(current);
            } else {
                notConfirmed.addAndGet(current.size());
            }
            current = new ArrayList<>();
        }
        for (int i = 0; i < workers.size(); i++) {
            handOver(END);
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Refused("interrupted while waiting for the node; stored so far: at least " + outcome.stored()
                        + " indicators. Re-importing the same file is safe.");
            }
        }
        Throwable f = failure.get();
        if (f != null) {
            String why = f instanceof StatusRuntimeException sre
                    ? sre.getStatus().getCode() + ": " + sre.getStatus().getDescription()
                    : String.valueOf(f);
            throw new Refused("the import stopped: " + why + ". Stored before that: at least " + outcome.stored()
                    + " indicators; " + notConfirmed.get() + " were not confirmed and reading stopped there."
                    + " Batches are atomic and re-importing the same file is safe: run it again.");
        }
    }

    private void handOver(List<ValidItem> segment) {
        try {
            queue.put(segment);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    private void work() {
        while (true) {
            List<ValidItem> segment;
            try {
                segment = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (segment == END) {
                return;
            }
            if (failure.get() != null) {
                notConfirmed.addAndGet(segment.size()); // another stream failed: stop sending
                continue;
            }
            try {
                SegmentUpload.store(stub, caseId, segment, batchSize, outcome);
                progress.stored(outcome);
            } catch (SegmentUpload.Failure e) {
                failure.compareAndSet(null, e.getCause());
                notConfirmed.addAndGet(e.notConfirmed);
            } catch (Throwable e) { // whatever it was, the worker must keep draining or finish() would wait forever
                failure.compareAndSet(null, e);
                notConfirmed.addAndGet(segment.size());
            }
        }
    }
}
