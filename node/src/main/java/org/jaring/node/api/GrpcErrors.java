package org.jaring.node.api;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.core.failure.ConflictException;
import org.jaring.core.failure.FieldViolation;
import org.jaring.core.failure.InvalidInputException;
import org.jaring.core.failure.LimitExceededException;
import org.jaring.core.failure.NotFoundException;
import org.jaring.core.failure.NotOfferedException;
import org.jaring.core.failure.PermissionDeniedException;
import org.jaring.core.failure.StorageException;
import org.jaring.core.failure.UnavailableException;
import org.jaring.core.text.SafeText;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.core.trust.Role;

/**
 * The one place where failures become gRPC statuses. Feature code throws the exceptions of
 * {@code org.jaring.core.failure}; everything else is a bug, logged here and sent as a bare INTERNAL so that
 * no stack trace or class name reaches the wire.
 */
public final class GrpcErrors {
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class.getName());
    /**
     * Field violations sent in the details, and their bytes; the rest are counted in the message only. With the
     * message's cap (300 characters, at most 2.7 KB percent-encoded) the trailers stay well under 8 KiB.
     */
    static final int MAX_DETAILED = 20;

    private static final int MAX_DETAIL_BYTES = 1_500;
    /** Characters of a status message; caller text quoted in it is cut here. */
    public static final int MAX_MESSAGE = 300;

    private static final int MAX_FIELD = 80;
    private static final int MAX_PROBLEM = 160;

    /** All a peer is told when this node's store or audit log cannot serve its call. */
    static final String PEER_UNAVAILABLE = "the node cannot answer this call right now; try again later";

    private GrpcErrors() {}

    /** Whether the current call comes from a peer node (the peer listener), not from this state's own users. */
    private static boolean toForeignNode() {
        PeerIdentity caller = PeerIdentity.CONTEXT_KEY.get();
        return caller != null && caller.role() == Role.PEER_NODE;
    }

    public static StatusRuntimeException toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException already) {
            return already;
        }
        if (failure instanceof InvalidInputException invalid) {
            return invalidArgument(invalid);
        }
        if (failure instanceof NotFoundException) {
            return Status.NOT_FOUND
                    .withDescription(bounded(failure.getMessage()))
                    .asRuntimeException();
        }
        if (failure instanceof LimitExceededException limit) {
            return resourceExhausted(limit);
        }
        if (failure instanceof PermissionDeniedException) {
            return Status.PERMISSION_DENIED
                    .withDescription(bounded(failure.getMessage()))
                    .asRuntimeException();
        }
        if (failure instanceof NotOfferedException) {
            return Status.UNIMPLEMENTED
                    .withDescription(bounded(failure.getMessage()))
                    .asRuntimeException();
        }
        if (failure instanceof ConflictException) {
            return Status.FAILED_PRECONDITION
                    .withDescription(bounded(failure.getMessage()))
                    .asRuntimeException();
        }
        if (failure instanceof UnavailableException u && u.forPeers()) {
            // Written to be read by a foreign node (a blind index build's progress): when to ask again.
            return Status.UNAVAILABLE
                    .withDescription(bounded(failure.getMessage()))
                    .asRuntimeException();
        }
        if ((failure instanceof StorageException || failure instanceof UnavailableException) && toForeignNode()) {
            // A peer is a foreign state's machine: the data folder's path, its free space and whether the store is
            // full, read-only or damaged are this node's business. It learns only that the node cannot answer now.
            LOG.log(Level.FINE, "peer call not served: " + SafeText.quote(failure.getMessage()), failure.getCause());
            return Status.UNAVAILABLE.withDescription(PEER_UNAVAILABLE).asRuntimeException();
        }
        if (failure instanceof StorageException storage) {
            // The store already logged a WARNING that says what to do (throttled); no stack trace per call here.
            LOG.log(Level.FINE, "request not served: " + SafeText.quote(failure.getMessage()), failure.getCause());
            Status status = switch (storage.kind()) {
                case NO_SPACE -> Status.RESOURCE_EXHAUSTED;
                case CORRUPTION -> Status.DATA_LOSS;
                case READ_ONLY, IO_ERROR, OTHER -> Status.UNAVAILABLE;
            };
            return status.withDescription(bounded(failure.getMessage())).asRuntimeException();
        }
        if (failure instanceof UnavailableException) {
            LOG.log(Level.WARNING, "request not served: " + SafeText.quote(failure.getMessage()), failure.getCause());
            return Status.UNAVAILABLE
                    .withDescription(bounded(failure.getMessage()))
                    .asRuntimeException();
        }
        LOG.log(Level.SEVERE, "bug: unexpected failure while serving a call", failure);
        return Status.INTERNAL
                .withDescription("internal error; the node's log has the details")
                .asRuntimeException();
    }

    /**
     * INVALID_ARGUMENT whose message names the first fields, with the first of them as google.rpc.BadRequest, as
     * many as fit in {@link #MAX_DETAIL_BYTES}. Bounded: a request of 10,000 bad values, or one bad value of 3,000
     * characters quoted back, would otherwise make the trailers larger than a client accepts (8 KiB by default in
     * gRPC), and the caller would get a transport error instead of the reason.
     */
    private static StatusRuntimeException invalidArgument(InvalidInputException invalid) {
        BadRequest.Builder details = BadRequest.newBuilder();
        int bytes = 0;
        for (FieldViolation v : invalid.violations()) {
            BadRequest.FieldViolation detail = BadRequest.FieldViolation.newBuilder()
                    .setField(bounded(v.field(), MAX_FIELD))
                    .setDescription(bounded(v.problem(), MAX_PROBLEM))
                    .build();
            bytes += detail.getSerializedSize() + 3;
            if (details.getFieldViolationsCount() == MAX_DETAILED || bytes > MAX_DETAIL_BYTES) {
                break;
            }
            details.addFieldViolations(detail);
        }
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage(bounded(invalid.getMessage()))
                .addDetails(Any.pack(details.build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    /** RESOURCE_EXHAUSTED; with google.rpc.RetryInfo when waiting would help. */
    private static StatusRuntimeException resourceExhausted(LimitExceededException limit) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                .setMessage(bounded(limit.getMessage()));
        limit.retryAfter()
                .ifPresent(delay -> status.addDetails(Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(Duration.newBuilder()
                                .setSeconds(delay.getSeconds())
                                .setNanos(delay.getNano()))
                        .build())));
        return StatusProto.toStatusRuntimeException(status.build());
    }

    private static String bounded(String text) {
        return bounded(text, MAX_MESSAGE);
    }

    private static String bounded(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1; // never half a character
        return text.substring(0, cut) + "\u2026";
    }
}
