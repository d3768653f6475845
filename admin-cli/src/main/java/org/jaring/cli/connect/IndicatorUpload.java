package org.jaring.cli.connect;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddIndicatorsResponse;
import org.jaring.v1.NationalServiceGrpc;

/**
 * One LoadIndicators client stream: send batches, then wait for the node's totals, or for its refusal, which
 * names the refused batch and how many before it were stored.
 */
public final class IndicatorUpload {
    private final CompletableFuture<AddIndicatorsResponse> done = new CompletableFuture<>();
    private final StreamObserver<AddIndicatorsRequest> requests;

    public IndicatorUpload(NationalServiceGrpc.NationalServiceStub stub, long deadlineMinutes) {
        this.requests = stub.withDeadlineAfter(deadlineMinutes, TimeUnit.MINUTES)
                .loadIndicators(new StreamObserver<>() {
                    @Override
                    public void onNext(AddIndicatorsResponse r) {
                        done.complete(r);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(AddIndicatorsResponse.getDefaultInstance());
                    }
                });
    }

    /** Sends one batch; false once the node has already ended the stream (stop sending, then finish()). */
    public boolean send(AddIndicatorsRequest batch) {
        if (done.isDone()) {
            return false;
        }
        requests.onNext(batch);
        return true;
    }

    /** Ends the upload and waits for the node's answer; a refusal arrives as the ExecutionException's cause. */
    public AddIndicatorsResponse finish(long timeoutMinutes)
            throws ExecutionException, InterruptedException, TimeoutException {
        requests.onCompleted();
        return done.get(timeoutMinutes, TimeUnit.MINUTES);
    }
}
