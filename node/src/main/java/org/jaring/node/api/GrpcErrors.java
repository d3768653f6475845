package org.jaring.node.api;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.node.failure.ConflictException;
import org.jaring.node.failure.FieldViolation;
import org.jaring.node.failure.InvalidInputException;
import org.jaring.node.failure.LimitExceededException;
import org.jaring.node.failure.NotFoundException;
import org.jaring.node.failure.PermissionDeniedException;
import org.jaring.node.failure.StorageException;
import org.jaring.node.failure.UnavailableException;

/**
 * The one place where failures become gRPC statuses. Feature code throws the exceptions of
 * {@code org.jaring.node.failure}; everything else is a bug, logged here and sent as a bare INTERNAL so that
 * no stack trace or class name reaches the wire.
 */
public final class GrpcErrors {
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class.getName());

    private GrpcErrors() {
    }

    public static StatusRuntimeException toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException already) {
            return already;
        }
        if (failure instanceof InvalidInputException invalid) {
            return invalidArgument(invalid);
        }
        if (failure instanceof NotFoundException) {
            return Status.NOT_FOUND.withDescription(failure.getMessage()).asRuntimeException();
        }
        if (failure instanceof LimitExceededException) {
            return Status.RESOURCE_EXHAUSTED.withDescription(failure.getMessage()).asRuntimeException();
        }
        if (failure instanceof PermissionDeniedException) {
            return Status.PERMISSION_DENIED.withDescription(failure.getMessage()).asRuntimeException();
        }
        if (failure instanceof ConflictException) {
            return Status.FAILED_PRECONDITION.withDescription(failure.getMessage()).asRuntimeException();
        }
        if (failure instanceof UnavailableException || failure instanceof StorageException) {
            LOG.log(Level.WARNING, "request not served: " + failure.getMessage(), failure.getCause());
            return Status.UNAVAILABLE.withDescription(failure.getMessage()).asRuntimeException();
        }
        LOG.log(Level.SEVERE, "bug: unexpected failure while serving a call", failure);
        return Status.INTERNAL.withDescription("internal error; the node's log has the details")
                .asRuntimeException();
    }

    /** INVALID_ARGUMENT whose message names the first fields, with all of them as google.rpc.BadRequest. */
    private static StatusRuntimeException invalidArgument(InvalidInputException invalid) {
        BadRequest.Builder details = BadRequest.newBuilder();
        for (FieldViolation v : invalid.violations()) {
            details.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                    .setField(v.field()).setDescription(v.problem()));
        }
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage(invalid.getMessage())
                .addDetails(Any.pack(details.build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }
}
