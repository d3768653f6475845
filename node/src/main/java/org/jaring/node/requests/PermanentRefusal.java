package org.jaring.node.requests;

import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jaring.core.text.SafeText;
import org.jaring.v1.DeliveryFailure;
import org.jaring.v1.RequestState;

/**
 * Which answers of the other node end the delivery of a request message. A permanent answer means the message
 * itself is wrong for that node (malformed, out of order, not signed as it expects, not its business): sending
 * it again gets the same answer, so the outbox stops and the request shows the failure. Everything else
 * (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, and codes that say nothing about the message, such as
 * INTERNAL) is retried; a peer that answers so only holds up its own messages.
 */
final class PermanentRefusal {
    private static final Set<Status.Code> PERMANENT = EnumSet.of(
            Status.Code.INVALID_ARGUMENT,
            Status.Code.FAILED_PRECONDITION,
            Status.Code.PERMISSION_DENIED,
            Status.Code.NOT_FOUND,
            Status.Code.ALREADY_EXISTS,
            Status.Code.OUT_OF_RANGE,
            Status.Code.UNIMPLEMENTED);
    /** How much of the other node's message is kept; it is a peer's text, so it is escaped too. */
    static final int REASON_CAP = 300;

    private PermanentRefusal() {}

    static boolean isPermanent(Status.Code code) {
        return PERMANENT.contains(code);
    }

    static DeliveryFailure failure(
            long sequence, RequestState to, String peer, String code, String reason, Instant at) {
        return DeliveryFailure.newBuilder()
                .setSequence(sequence)
                .setToState(to)
                .setPeer(peer)
                .setCode(code)
                .setReason(SafeText.line(reason == null ? "" : reason, REASON_CAP))
                .setTime(Timestamps.fromMillis(at.toEpochMilli()))
                .build();
    }
}
