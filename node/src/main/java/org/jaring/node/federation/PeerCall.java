package org.jaring.node.federation;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Status;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.jaring.core.trust.TrustException;
import org.jaring.v1.LookupMode;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerStatus;

/** One peer's part of a federated lookup: its call, and what became of it. */
final class PeerCall {
    final String nodeId;
    private final long startNanos = System.nanoTime();
    private volatile PeerLookupResponse response;
    private volatile byte[] received;
    private volatile PeerStatus status;
    private ListenableFuture<Received<PeerLookupResponse>> future;
    /** How the peer is asked; a blind call that fell back to plain changes it (federation/BlindCall). */
    private volatile Supplier<LookupMode> mode = () -> LookupMode.LOOKUP_MODE_PLAIN;

    PeerCall(String nodeId) {
        this.nodeId = nodeId;
    }

    /**
     * {@code check} returns null for an acceptable answer, else why it is refused; a refused answer is kept as
     * {@link #received} (the audit records it) but its hits are not used.
     */
    void start(
            ListenableFuture<Received<PeerLookupResponse>> call,
            Function<Received<PeerLookupResponse>, String> check,
            CountDownLatch done) {
        this.future = call;
        Futures.addCallback(
                call,
                new FutureCallback<>() {
                    @Override
                    public void onSuccess(Received<PeerLookupResponse> answer) {
                        try {
                            PeerLookupResponse r = answer.message();
                            String invalid;
                            try {
                                invalid = check.apply(answer);
                            } catch (RuntimeException e) {
                                // Fails closed: an answer that breaks the check is refused like one that fails it.
                                invalid = "it could not be checked ("
                                        + e.getClass().getSimpleName() + ")";
                            }
                            received = answer.bytes();
                            if (invalid != null) {
                                status = status(
                                                PeerOutcome.PEER_OUTCOME_REFUSED,
                                                "this node refused the peer's answer: " + invalid)
                                        .setHits(0)
                                        .build();
                            } else {
                                response = r;
                                int hits = r.getResultsList().stream()
                                        .mapToInt(q -> q.getHitsCount())
                                        .sum();
                                status = status(PeerOutcome.PEER_OUTCOME_ANSWERED, "")
                                        .setHits(hits)
                                        .build();
                            }
                        } finally {
                            done.countDown();
                        }
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        status = t instanceof BlindRefusedException refused
                                ? status(
                                                PeerOutcome.PEER_OUTCOME_REFUSED,
                                                "this node refused the peer's blind evaluation: "
                                                        + refused.getMessage())
                                        .build()
                                : failure(Status.fromThrowable(t)).build();
                        done.countDown();
                    }
                },
                MoreExecutors.directExecutor());
    }

    void mode(Supplier<LookupMode> howAsked) {
        this.mode = howAsked;
    }

    void failNow(PeerOutcome outcome, String detail) {
        mode = () -> LookupMode.LOOKUP_MODE_UNSPECIFIED; // no question reached the peer
        status = status(outcome, detail).build();
    }

    /** The bytes of the answer as received in time, accepted or refused; null if none. */
    byte[] received() {
        PeerStatus s = status;
        return s != null && s.getOutcome() != PeerOutcome.PEER_OUTCOME_TIMED_OUT ? received : null;
    }

    /** The accepted answer, or null if the peer did not answer in time or its answer was refused. */
    PeerLookupResponse response() {
        return status != null && status.getOutcome() == PeerOutcome.PEER_OUTCOME_ANSWERED ? response : null;
    }

    /** The final status; a call still running at the deadline is cancelled and reported as timed out. */
    PeerStatus finish() {
        if (status == null) {
            if (future != null) {
                future.cancel(true);
            }
            status = status(PeerOutcome.PEER_OUTCOME_TIMED_OUT, "no answer before the deadline")
                    .build();
        }
        return status;
    }

    private PeerStatus.Builder failure(Status s) {
        if (s.getCode() == Status.Code.CANCELLED && s.getCause() != null) {
            // gRPC cancels a call whose answer its marshaller could not parse (federation/Received), with the
            // parse failure as the cause: the peer answered, with bytes that are no answer. Not a time-out.
            return status(
                    PeerOutcome.PEER_OUTCOME_REFUSED,
                    "this node refused the peer's answer: it could not be read ("
                            + describe(Status.fromThrowable(s.getCause())) + ")");
        }
        return switch (s.getCode()) {
            case DEADLINE_EXCEEDED, CANCELLED ->
                status(PeerOutcome.PEER_OUTCOME_TIMED_OUT, "no answer before the deadline");
            case UNAVAILABLE -> handshakeRefusal(s);
            case UNIMPLEMENTED ->
                mode.get() == LookupMode.LOOKUP_MODE_BLIND
                        ? status(
                                PeerOutcome.PEER_OUTCOME_REFUSED,
                                "the peer does not answer blind lookups, and this lookup is blind only: no value"
                                        + " was sent to it (" + describe(s) + ")")
                        : status(PeerOutcome.PEER_OUTCOME_REFUSED, describe(s));
            default -> status(PeerOutcome.PEER_OUTCOME_REFUSED, describe(s));
        };
    }

    /**
     * A failed TLS handshake means the peer was reached and one side said no: either we refused the
     * certificate it presented (our own trust exception is in the cause chain) or it refused ours (a TLS
     * alert). Anything else means it could not be reached.
     */
    private PeerStatus.Builder handshakeRefusal(Status s) {
        String slow = handshakeTimedOut(s.getCause());
        if (slow != null) {
            return status(PeerOutcome.PEER_OUTCOME_UNREACHABLE, slow);
        }
        boolean tls = false;
        for (Throwable t = s.getCause(); t != null; t = t.getCause()) {
            if (t instanceof TrustException) {
                return status(
                        PeerOutcome.PEER_OUTCOME_REFUSED,
                        "this node refused the peer's certificate: " + t.getMessage());
            }
            tls |= t instanceof SSLException;
        }
        if (tls) {
            return status(
                    PeerOutcome.PEER_OUTCOME_REFUSED,
                    "the peer refused this node's certificate in the TLS"
                            + " handshake (not trusted there, or revoked): " + rootMessage(s.getCause()));
        }
        return status(
                PeerOutcome.PEER_OUTCOME_UNREACHABLE,
                s.getCause() == null ? describe(s) : "UNAVAILABLE: " + rootMessage(s.getCause()));
    }

    private static final java.util.regex.Pattern AFTER_MILLIS = java.util.regex.Pattern.compile("after (\\d+) ?ms");

    /**
     * The detail for a TLS handshake that timed out (Netty's {@code SslHandshakeTimeoutException}, an
     * SSLException), or null when it did not. No side said no: the link was too slow or the peer is paused or
     * overloaded. Read as a refusal, it once sent operators to exchange certificates again.
     */
    static String handshakeTimedOut(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SslHandshakeTimeoutException) {
                String message = t.getMessage() == null ? "" : t.getMessage();
                java.util.regex.Matcher m = AFTER_MILLIS.matcher(message);
                String in = m.find() ? " in " + (Long.parseLong(m.group(1)) / 1000.0) + " s" : " in time";
                return "the TLS handshake did not complete" + in + " (a slow link, or the peer is paused or overloaded;"
                        + " not a certificate problem): " + message;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String describe(Status s) {
        return s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
    }

    /** The detail may quote the peer (an error description, a certificate field): escaped and bounded. */
    private PeerStatus.Builder status(PeerOutcome outcome, String detail) {
        return PeerStatus.newBuilder()
                .setNodeId(nodeId)
                .setMode(mode.get())
                .setOutcome(outcome)
                .setDetail(BoundedText.of(detail))
                .setLatencyMillis((int) ((System.nanoTime() - startNanos) / 1_000_000));
    }
}
