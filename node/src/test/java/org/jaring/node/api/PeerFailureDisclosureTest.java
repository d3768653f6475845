package org.jaring.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Supplier;
import org.jaring.core.failure.StorageException;
import org.jaring.core.failure.UnavailableException;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.core.trust.Role;
import org.junit.jupiter.api.Test;

/**
 * A store or audit failure under a peer's call tells the peer only that the node cannot answer now: never the data
 * folder's path, its free space or the kind of fault, which this state's own analysts and admins do see.
 */
class PeerFailureDisclosureTest {
    private static final String SECRET_PATH = "/srv/jaring/th-ccib/data";

    private static StatusRuntimeException as(Role role, Supplier<RuntimeException> failure) {
        PeerIdentity caller = new PeerIdentity(
                NodeId.of("MY-PDRM"), role, role == Role.PEER_NODE ? null : "alice", "ab".repeat(32), BigInteger.TEN);
        try {
            return Context.current()
                    .withValue(PeerIdentity.CONTEXT_KEY, caller)
                    .call(() -> GrpcErrors.toStatus(failure.get()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPeerLearnsOnlyThatTheNodeCannotAnswerNow() {
        List<Supplier<RuntimeException>> failures = List.of(
                () -> new StorageException(
                        "the data folder " + SECRET_PATH + " is full (12 MB free)",
                        new IOException("No space left on device"),
                        StorageException.Kind.NO_SPACE),
                () -> new StorageException(
                        "block checksum mismatch in " + SECRET_PATH + "/000042.sst",
                        null,
                        StorageException.Kind.CORRUPTION),
                () -> new StorageException(
                        "the data folder " + SECRET_PATH + " is read-only", null, StorageException.Kind.READ_ONLY),
                () -> new UnavailableException("the audit log in " + SECRET_PATH + " is closed; the node is stopping"));
        for (Supplier<RuntimeException> failure : failures) {
            StatusRuntimeException toPeer = as(Role.PEER_NODE, failure);
            assertThat(toPeer.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(toPeer.getStatus().getDescription()).isEqualTo(GrpcErrors.PEER_UNAVAILABLE);
            assertThat(toPeer.getTrailers() == null ? "" : toPeer.getTrailers().toString())
                    .doesNotContain(SECRET_PATH);

            StatusRuntimeException toAnalyst = as(Role.ANALYST, failure);
            assertThat(toAnalyst.getStatus().getDescription()).contains(SECRET_PATH);
        }
        assertThat(as(Role.ANALYST, failures.get(0)).getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(as(Role.ANALYST, failures.get(1)).getStatus().getCode()).isEqualTo(Status.Code.DATA_LOSS);
    }
}
