package org.jaring.node.api;

import io.grpc.stub.ServerCallStreamObserver;
import org.jaring.node.share.Asker;
import org.jaring.node.share.FeedResponder;

/**
 * One Feed call: sends batches, as the bytes they were signed as, only while the transport is ready for more,
 * so a slow peer makes the origin wait instead of buffering the whole feed in memory.
 */
final class FeedStream implements Runnable {
    /** Bytes of batches that may wait in the transport while the next batch is built (one or two batches). */
    static final int QUEUED_BYTES = 1 << 20;

    private final FeedResponder responder;
    private final Asker asker;
    private final FeedResponder.BatchLimits limits;
    private final byte[] requestHash;
    private final ServerCallStreamObserver<byte[]> call;
    /** The cursor as the peer sent it; read (and refused if it is not one of this node's) at the first run. */
    private final long after;

    private FeedResponder.Stream stream;
    private boolean done;

    FeedStream(
            FeedResponder responder,
            Asker asker,
            byte[] requestHash,
            long after,
            FeedResponder.BatchLimits limits,
            ServerCallStreamObserver<byte[]> call) {
        this.responder = responder;
        this.requestHash = requestHash;
        this.asker = asker;
        this.after = after;
        this.limits = limits;
        this.call = call;
    }

    /** Runs when the call becomes ready; gRPC serialises these, so no lock is needed. */
    @Override
    public void run() {
        try {
            // One step of the log at a time, checking between steps that the call is still wanted: changes the
            // peer may not see are skipped without a batch, however many there are.
            while (!done && call.isReady() && !call.isCancelled()) {
                if (stream == null) {
                    stream = responder.open(asker, requestHash, after, limits);
                }
                FeedResponder.WireBatch batch = stream.step();
                if (batch != null) {
                    call.onNext(batch.bytes());
                } else if (stream.done()) {
                    done = true;
                    call.onCompleted();
                    return;
                }
            }
        } catch (RuntimeException e) {
            done = true;
            call.onError(GrpcErrors.toStatus(e));
        }
    }
}
