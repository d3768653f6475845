package org.jaring.node.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jaring.node.FakePeer;
import org.jaring.node.RunningNode;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.Purpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pinned peer's lookup carries text the node stores as a disclosure and the CLI prints: a case reference,
 * note or analyst with a control character, or a request_id that is not a lower-case UUID, is refused on the
 * wire, naming the field, before anything is recorded.
 */
class PeerTextOnTheWireTest {
    @TempDir
    Path dir;

    private static List<String> fields(StatusRuntimeException e) {
        List<String> out = new ArrayList<>();
        for (var any : StatusProto.fromThrowable(e).getDetailsList()) {
            try {
                any.unpack(BadRequest.class).getFieldViolationsList().forEach(v -> out.add(v.getField()));
            } catch (InvalidProtocolBufferException ignored) {
                // another detail type
            }
        }
        return out;
    }

    @Test
    void controlCharactersInAPurposeAndAMalformedRequestIdAreRefusedNamingTheField() {
        try (RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", "sync:\n  interval: 1h\n");
                FakePeer evil = new FakePeer(dir.resolve("evil"), "SG-CSA", my)) {
            evil.pinnedBy(my);
            var stub = evil.callerOf(my);
            LookupQuery q = LookupQuery.newBuilder()
                    .setValue("asean-parcel-redelivery.com")
                    .build();
            Purpose good = Purpose.newBuilder()
                    .setCaseReference("SG-1")
                    .setLegalBasis(LegalBasis.LEGAL_BASIS_BUDAPEST)
                    .setAnalyst("eve")
                    .setNote("two\nlines are fine")
                    .build();
            record Case(String field, PeerLookupRequest request) {}
            String id = UUID.randomUUID().toString();
            List<Case> cases = List.of(
                    new Case(
                            "purpose.case_reference",
                            PeerLookupRequest.newBuilder()
                                    .setRequestId(id)
                                    .addQueries(q)
                                    .setPurpose(good.toBuilder()
                                            .setCaseReference("SG-1\r\n2026-12-07  TH-CCIB  chief\u001b[2K"))
                                    .build()),
                    new Case(
                            "purpose.case_reference",
                            PeerLookupRequest.newBuilder()
                                    .setRequestId(id)
                                    .addQueries(q)
                                    .setPurpose(good.toBuilder().setCaseReference("SG-1\u202e"))
                                    .build()),
                    new Case(
                            "purpose.analyst",
                            PeerLookupRequest.newBuilder()
                                    .setRequestId(id)
                                    .addQueries(q)
                                    .setPurpose(good.toBuilder().setAnalyst("eve\nadmin"))
                                    .build()),
                    new Case(
                            "purpose.note",
                            PeerLookupRequest.newBuilder()
                                    .setRequestId(id)
                                    .addQueries(q)
                                    .setPurpose(good.toBuilder().setNote("nul\u0000"))
                                    .build()),
                    new Case(
                            "request_id",
                            PeerLookupRequest.newBuilder()
                                    .setRequestId(id + "\r\nforged")
                                    .addQueries(q)
                                    .setPurpose(good)
                                    .build()));
            for (Case c : cases) {
                StatusRuntimeException e =
                        catchThrowableOfType(StatusRuntimeException.class, () -> stub.lookup(c.request()));
                assertThat(e).as(c.field()).isNotNull();
                assertThat(e.getStatus().getCode()).as(c.field()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(fields(e)).as(c.field()).containsExactly(c.field());
                assertThat(e.getStatus().getDescription()).doesNotContain("\r", "\n", "\u001b", "\u0000", "\u202e");
            }
            // the same peer's well-formed lookup, multi-line note included, is served
            assertThat(stub.lookup(PeerLookupRequest.newBuilder()
                                    .setRequestId(id)
                                    .addQueries(q)
                                    .setPurpose(good)
                                    .build())
                            .getResultsCount())
                    .isZero();
        }
    }
}
