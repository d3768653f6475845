package org.jaring.node.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jaring.core.failure.FieldViolation;
import org.jaring.core.failure.InvalidInputException;
import org.jaring.core.failure.LimitExceededException;
import org.jaring.core.failure.NotFoundException;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.node.cases.CaseService;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddIndicatorsResponse;

/**
 * One LoadIndicators stream. Each message is stored as one atomic batch, in the order received; the first
 * refused batch ends the stream with an error that names the batch and says how much before it was stored,
 * so a client can fix the input and resume exactly there.
 *
 * <p>The stream is pipelined: a batch is validated and applied when it arrives, and its fsync (a group commit
 * shared with every other writer) completes later, while the next batch is being validated. At most
 * {@link #AHEAD} batches are read ahead of the disk (manual flow control), so a fast client cannot pile up
 * memory. The answer, or an error, is sent only once every batch before it is on disk, so the counts it gives
 * are exactly what survives a crash.
 */
final class BulkLoad implements StreamObserver<AddIndicatorsRequest> {
    /** Batches received but not yet on disk. Two keep the CPU busy while one syncs; more only adds memory. */
    static final int AHEAD = 4;

    private final CaseService cases;
    /** Taken when the call starts: every batch of the stream is recorded with the caller's certificate identity. */
    private final PeerIdentity caller;

    private final ServerCallStreamObserver<AddIndicatorsResponse> responses;
    /** Completes when every batch applied so far is on disk, with the totals; fails with the first failure. */
    private CompletableFuture<Totals> durable = CompletableFuture.completedFuture(new Totals(0, 0, 0));

    private final AtomicBoolean answered = new AtomicBoolean();
    private int received;
    private boolean ended;

    private record Totals(int batches, long stored, long created) {
        Totals plus(AddIndicatorsResponse r) {
            return new Totals(batches + 1, stored + r.getStored(), created + r.getCreated());
        }
    }

    BulkLoad(CaseService cases, PeerIdentity caller, StreamObserver<AddIndicatorsResponse> responses) {
        this.cases = cases;
        this.caller = Objects.requireNonNull(caller, "caller");
        this.responses = (ServerCallStreamObserver<AddIndicatorsResponse>) responses;
        this.responses.disableAutoRequest();
        this.responses.request(AHEAD);
    }

    // gRPC calls onNext, onError and onCompleted one at a time for a call, never concurrently.
    @Override
    @SuppressWarnings("FutureReturnValueIgnored") // whenComplete's handler deals with the failure itself
    public void onNext(AddIndicatorsRequest batch) {
        if (ended) {
            return;
        }
        int index = received++;
        CompletableFuture<AddIndicatorsResponse> stored;
        try {
            stored = cases.addIndicatorsPipelined(caller, batch);
        } catch (Throwable refused) {
            ended = true;
            // Report only once the batches before it are on disk, so "N were stored" is true.
            durable.whenComplete((totals, failed) -> fail(failed != null ? failed : inBatch(refused, index, totals)));
            return;
        }
        stored.whenComplete((r, failed) -> {
            if (failed == null) {
                responses.request(1);
            } else {
                fail(failed); // the disk refused: end the stream now rather than wait for the client
            }
        });
        durable = durable.thenCombine(stored, Totals::plus);
    }

    @Override
    public void onError(Throwable clientGaveUp) {
        // The client cancelled; every batch already applied still becomes durable, and nothing is answered.
        ended = true;
    }

    @Override
    @SuppressWarnings("FutureReturnValueIgnored") // whenComplete's handler deals with the failure itself
    public void onCompleted() {
        if (ended) {
            return;
        }
        ended = true;
        durable.whenComplete((totals, failed) -> {
            if (failed != null) {
                fail(failed);
                return;
            }
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            try {
                responses.onNext(AddIndicatorsResponse.newBuilder()
                        .setStored(totals.stored())
                        .setCreated(totals.created())
                        .build());
                responses.onCompleted();
            } catch (RuntimeException cancelled) {
                // The client went away before the answer; everything it sent is stored.
            }
        });
    }

    private void fail(Throwable t) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        try {
            responses.onError(GrpcErrors.toStatus(cause));
        } catch (RuntimeException cancelled) {
            // The client went away first.
        }
    }

    private static Throwable inBatch(Throwable t, int index, Totals before) {
        String where = "batches[" + index + "]";
        String progress =
                " (" + before.batches() + " batches before it, " + before.stored() + " indicators, were stored)";
        if (t instanceof InvalidInputException invalid) {
            List<FieldViolation> located = new ArrayList<>();
            located.add(new FieldViolation(where, "refused whole" + progress));
            for (FieldViolation v : invalid.violations()) {
                located.add(new FieldViolation(where + "." + v.field(), v.problem()));
            }
            return new InvalidInputException(located);
        }
        if (t instanceof NotFoundException) {
            return new NotFoundException(where + ": " + t.getMessage() + progress);
        }
        if (t instanceof LimitExceededException) {
            return new LimitExceededException(where + ": " + t.getMessage() + progress);
        }
        return t;
    }
}
