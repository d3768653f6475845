package org.jaring.node.federation;

import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.audit.ExchangeEvidence;
import org.jaring.node.signing.PeerSignatures;
import org.jaring.node.signing.SignedFeedBatches;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedRequest;
import org.jaring.v1.PeerServiceGrpc;

/**
 * Stands between a peer's feed stream and {@link FeedSync}: every batch is checked (signed by the peer's pinned
 * CA, not revoked or blocked, bound to this request and continuing from the previous batch) and recorded in the
 * audit log, with its signed bytes, before FeedSync sees it. A batch that fails is recorded as refused, the
 * stream is cancelled and the sync ends with UNAUTHENTICATED: nothing of that batch is applied and the cursor
 * stays where it was. Kept out of FeedSync so that the apply path there stays about applying.
 */
public final class FeedBatchVerifier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FeedBatchVerifier.class.getName());

    /** The Feed call with each batch's bytes kept: checked over them and recorded as received. */
    private static final MethodDescriptor<FeedRequest, Received<FeedBatch>> FEED_KEEPING_BYTES =
            Received.keepingBytes(PeerServiceGrpc.getFeedMethod(), FeedBatch.parser());

    private final Supplier<TrustSnapshot> trust;
    private final AuditLog audit;
    /** Each peer signs every batch with the same certificate: its issuance is checked once, not per batch. */
    private final PeerSignatures.Verifier signatures = new PeerSignatures.Verifier();
    /** Guards the shutdown state: batches handed to FeedSync and not yet released (CheckedFeed.applied). */
    private final Object lock = new Object();
    /** Batches being applied now. */
    private int applying;

    private boolean closed;

    /**
     * {@code trust} gives the pinned peer anchors every batch is checked against; {@code audit} records every batch,
     * accepted or refused. Both are required: there is no unchecked feed.
     */
    public FeedBatchVerifier(Supplier<TrustSnapshot> trust, AuditLog audit) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * A peer's feed as checked batches. Each batch {@link #next} hands out counts as being applied until the
     * caller calls {@link #applied} for it (in order), so that {@link #close} never lets the store close under it.
     */
    public interface CheckedFeed extends Iterator<FeedBatch> {
        /** The oldest batch handed out and not yet released is applied, or will never be. */
        void applied();
    }

    /** Opens {@code peer}'s feed for {@code request}; the batches come out checked and recorded. */
    public CheckedFeed feed(String peer, PeerServiceGrpc.PeerServiceBlockingStub stub, FeedRequest request) {
        // A blocking stream left unread stays open until its deadline; its own context lets a refusal end it now.
        Context.CancellableContext call = Context.current().withCancellation();
        Iterator<Received<FeedBatch>> batches;
        Context previous = call.attach();
        try {
            batches = ClientCalls.blockingServerStreamingCall(
                    stub.getChannel(), FEED_KEEPING_BYTES, stub.getCallOptions(), request);
        } finally {
            call.detach(previous);
        }
        byte[] requestHash = SignedFeedBatches.requestHash(request);
        return new CheckedFeed() {
            private long expectedAfter = request.getAfterSequence();

            @Override
            public void applied() {
                FeedBatchVerifier.this.applied();
            }

            @Override
            public boolean hasNext() {
                try {
                    stopIfClosed(call);
                    boolean more = batches.hasNext();
                    if (!more) {
                        call.close();
                    }
                    return more;
                } catch (RuntimeException e) {
                    call.cancel(e);
                    throw e;
                }
            }

            @Override
            public FeedBatch next() {
                stopIfClosed(call);
                Received<FeedBatch> received = batches.next();
                FeedBatch batch = received.message();
                String refused = SignedFeedBatches.check(
                        signatures, trust.get(), peer, requestHash, expectedAfter, batch, received.bytes());
                if (refused == null) {
                    // Signed is not the same as fit to keep: the items become keys and text an analyst reads.
                    refused = PeerAnswerRules.feedBatch(peer, batch);
                }
                ExchangeEvidence.feedBatch(audit, peer, requestHash, batch, received.bytes(), refused);
                if (refused != null) {
                    call.cancel(null);
                    String detail = "this node refused " + peer + "'s feed batch after cursor "
                            + Long.toUnsignedString(expectedAfter) + ": " + refused;
                    LOG.warning(detail);
                    throw Status.UNAUTHENTICATED.withDescription(detail).asRuntimeException();
                }
                expectedAfter = batch.getThroughSequence();
                synchronized (lock) {
                    stopIfClosed(call); // checked with the count, so close() never misses a batch being applied
                    applying++;
                }
                return batch;
            }
        };
    }

    private void stopIfClosed(Context.CancellableContext call) {
        synchronized (lock) {
            if (closed) {
                call.cancel(null);
                throw Status.UNAVAILABLE
                        .withDescription("this node is stopping; sync resumes from the cursor at start")
                        .asRuntimeException();
            }
        }
    }

    private void applied() {
        synchronized (lock) {
            applying--;
            lock.notifyAll();
        }
    }

    /**
     * Stops every sync at its next batch boundary and waits (at most 30 s) for batches being applied, so that the
     * store is never closed under an apply: after a stop the next sync resumes from the cursor.
     */
    @Override
    public void close() {
        long until = System.currentTimeMillis() + 30_000;
        synchronized (lock) {
            closed = true;
            while (applying > 0 && System.currentTimeMillis() < until) {
                try {
                    lock.wait(Math.max(1, until - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (applying > 0) {
                LOG.warning("feed sync was still applying " + applying + " batch(es) after 30 s; stopping anyway");
            }
        }
    }
}
