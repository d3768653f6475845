package org.jaring.node.api;

import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.jaring.node.cases.CaseService;
import org.jaring.node.failure.FieldViolation;
import org.jaring.node.failure.InvalidInputException;
import org.jaring.node.failure.LimitExceededException;
import org.jaring.node.failure.NotFoundException;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddIndicatorsResponse;

/**
 * One LoadIndicators stream. Each message is stored as one atomic batch when it arrives; the first refused
 * batch ends the stream with an error that names the batch and says how much before it was stored, so a
 * client can fix the input and resume exactly there.
 */
final class BulkLoad implements StreamObserver<AddIndicatorsRequest> {
    private final CaseService cases;
    private final StreamObserver<AddIndicatorsResponse> responses;
    private long stored;
    private long created;
    private int batches;
    private boolean failed;

    BulkLoad(CaseService cases, StreamObserver<AddIndicatorsResponse> responses) {
        this.cases = cases;
        this.responses = responses;
    }

    @Override
    public void onNext(AddIndicatorsRequest batch) {
        if (failed) {
            return;
        }
        try {
            AddIndicatorsResponse r = cases.addIndicators(batch);
            stored += r.getStored();
            created += r.getCreated();
            batches++;
        } catch (Throwable t) {
            failed = true;
            responses.onError(GrpcErrors.toStatus(inBatch(t)));
        }
    }

    @Override
    public void onError(Throwable clientGaveUp) {
        // The client cancelled; every batch already received is stored and acknowledged by nothing further.
    }

    @Override
    public void onCompleted() {
        if (failed) {
            return;
        }
        responses.onNext(AddIndicatorsResponse.newBuilder().setStored(stored).setCreated(created).build());
        responses.onCompleted();
    }

    private Throwable inBatch(Throwable t) {
        String where = "batches[" + batches + "]";
        String progress = " (" + batches + " batches before it, " + stored + " indicators, were stored)";
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
