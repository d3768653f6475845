package org.jaring.node.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jaring.node.CallDeadline;
import org.jaring.node.FakePeer;
import org.jaring.node.RunningNode;
import org.jaring.node.TestConfigs;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.DeliverRequestRequest;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.ListRequestsRequest;
import org.jaring.v1.RequestPeerServiceGrpc;
import org.jaring.v1.RequestState;
import org.jaring.v1.RequestType;
import org.jaring.v1.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer with a legitimately pinned certificate sends crafted request messages over real mutual TLS: every
 * malformed one is INVALID_ARGUMENT naming the field (never UNAVAILABLE, so a sender does not retry it), nothing
 * is stored, no raw control character reaches the log, and a request it is not party to is indistinguishable
 * from one that does not exist.
 */
class HostileRequestPeerTest {
    private static final String QUIET = "sync:\n  interval: 1h\n";

    @TempDir
    Path dir;

    private static Timestamp now() {
        return Timestamps.fromMillis(System.currentTimeMillis());
    }

    /** A well-formed request from {@code evil} to {@code to}, signed with evil's node key. */
    static DeliverRequestRequest valid(FakePeer evil, String to, boolean emergency) {
        CooperationRequest request = CooperationRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setType(emergency ? RequestType.EMERGENCY_DISCLOSURE : RequestType.EXPEDITED_PRESERVATION)
                .setLegalBasis(LegalBasis.LEGAL_BASIS_BUDAPEST)
                .setRequestingNode(evil.id.value())
                .setRequestedNode(to)
                .setIssuingAuthority("XX unit")
                .setIssuingFileNumber("XX-1")
                .addCaseHandles("h-1")
                .setSummaryOfFacts("facts")
                .setDataSought("data")
                .setEmergency(emergency)
                .setEmergencyJustification(emergency ? "urgent" : "")
                .setContactPoint(ContactPoint.newBuilder().setUnit("XX 24/7").setPhone("+1 555 0100"))
                .setCreatedAt(now())
                .setDeadline(Timestamps.fromMillis(System.currentTimeMillis() + 86_400_000L))
                .setAnalyst("officer")
                .build();
        Transition sent = RequestSigning.sign(
                Transition.newBuilder()
                        .setRequestId(request.getRequestId())
                        .setSequence(1)
                        .setFromState(RequestState.DRAFT)
                        .setToState(RequestState.SENT)
                        .setActor("officer")
                        .setActorNode(evil.id.value())
                        .setTime(now())
                        .setPrevHash(ByteString.copyFrom(RequestSigning.hash(request)))
                        .build(),
                evil.keys);
        return DeliverRequestRequest.newBuilder()
                .setRequest(request)
                .addTransitions(sent)
                .build();
    }

    /** A well-formed, signed transition of {@code requestId} by {@code evil}. */
    static Transition transition(FakePeer evil, String requestId, long sequence) {
        return RequestSigning.sign(
                Transition.newBuilder()
                        .setRequestId(requestId)
                        .setSequence(sequence)
                        .setFromState(RequestState.DELIVERED)
                        .setToState(RequestState.WITHDRAWN)
                        .setActor("officer")
                        .setActorNode(evil.id.value())
                        .setTime(now())
                        .setPrevHash(ByteString.copyFrom(new byte[32]))
                        .build(),
                evil.keys);
    }

    static RequestPeerServiceGrpc.RequestPeerServiceBlockingStub peerStub(FakePeer evil, RunningNode node) {
        return RequestPeerServiceGrpc.newBlockingStub(evil.callerOf(node).getChannel())
                .withInterceptors(CallDeadline.each(60, TimeUnit.SECONDS)); // the test makes ~170 calls with it
    }

    static List<String> fields(StatusRuntimeException e) {
        List<String> out = new ArrayList<>();
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        if (s != null) {
            for (var any : s.getDetailsList()) {
                try {
                    any.unpack(BadRequest.class).getFieldViolationsList().forEach(v -> out.add(v.getField()));
                } catch (InvalidProtocolBufferException ignored) {
                    // another detail type
                }
            }
        }
        return out;
    }

    private record Mutation(String field, UnaryOperator<DeliverRequestRequest> apply) {}

    private static UnaryOperator<DeliverRequestRequest> request(UnaryOperator<CooperationRequest.Builder> f) {
        return d ->
                d.toBuilder().setRequest(f.apply(d.getRequest().toBuilder())).build();
    }

    private static UnaryOperator<DeliverRequestRequest> first(UnaryOperator<Transition.Builder> f) {
        return d -> d.toBuilder()
                .setTransitions(0, f.apply(d.getTransitions(0).toBuilder()))
                .build();
    }

    @Test
    void malformedRequestMessagesAreInvalidArgumentNamingTheFieldAndNothingIsStored() {
        String upper = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        List<Mutation> mutations = List.of(
                new Mutation("request.request_id", request(b -> b.setRequestId("../../etc/passwd"))),
                new Mutation("request.request_id", request(b -> b.setRequestId(upper))),
                new Mutation("request.request_id", request(b -> b.setRequestId(""))),
                new Mutation("request.request_id", request(b -> b.setRequestId(UUID.randomUUID() + "\n"))),
                new Mutation("request.requesting_node", request(b -> b.setRequestingNode("XX-EVIL\r\n"))),
                new Mutation(
                        "request.issuing_authority", request(b -> b.setIssuingAuthority("XX\r\nMY-PDRM approved"))),
                new Mutation("request.summary_of_facts", request(b -> b.setSummaryOfFacts("x".repeat(10_001)))),
                new Mutation("request.data_sought", request(b -> b.setDataSought("nul \u0000 byte"))),
                new Mutation("request.emergency_justification", request(b -> b.setEmergencyJustification("\u001b[2J"))),
                new Mutation(
                        "request.contact_point.unit",
                        request(b -> b.setContactPoint(ContactPoint.newBuilder().setUnit("a\u0085b")))),
                new Mutation("request.analyst", request(b -> b.setAnalyst("admin\u202e"))),
                new Mutation("request.case_handles", request(b -> {
                    for (int i = 0; i < 101; i++) {
                        b.addCaseHandles("h" + i);
                    }
                    return b;
                })),
                new Mutation(
                        "request.deadline",
                        request(b -> b.setDeadline(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)))),
                new Mutation("request.created_at", request(CooperationRequest.Builder::clearCreatedAt)),
                new Mutation("request.type", request(b -> b.setTypeValue(99))),
                new Mutation("transitions[0].note", first(b -> b.setNote("n".repeat(10_001)))),
                new Mutation("transitions[0].request_id", first(b -> b.setRequestId("x;rm -rf /"))),
                new Mutation("transitions[0].sequence", first(b -> b.setSequence(0))),
                new Mutation("transitions[0].prev_hash", first(b -> b.setPrevHash(ByteString.copyFromUtf8("short")))),
                new Mutation(
                        "transitions", d -> d.toBuilder().clearTransitions().build()));
        try (LogCapture log = new LogCapture();
                RunningNode my =
                        new RunningNode(dir.resolve("my"), "MY-PDRM", QUIET + TestConfigs.GENEROUS_PEER_BUDGETS);
                FakePeer evil = new FakePeer(dir.resolve("evil"), "XX-EVIL", my)) {
            evil.pinnedBy(my);
            var stub = peerStub(evil, my);
            for (Mutation m : mutations) {
                DeliverRequestRequest bad = m.apply().apply(valid(evil, "MY-PDRM", true));
                StatusRuntimeException e =
                        catchThrowableOfType(StatusRuntimeException.class, () -> stub.deliverRequest(bad));
                assertThat(e).as(m.field()).isNotNull();
                assertThat(e.getStatus().getCode()).as(m.field()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(fields(e)).as(m.field()).contains(m.field());
                assertThat(e.getStatus().getDescription()).doesNotContain("\r", "\n", "\u0000", "\u001b", "\u202e");
            }

            // seeded: hostile text in any text field; whatever the node answers is permanent, never a retry
            Random rnd = new Random(22L);
            for (int i = 0; i < 150; i++) {
                String text = hostile(rnd);
                DeliverRequestRequest d = valid(evil, "MY-PDRM", rnd.nextBoolean());
                DeliverRequestRequest bad = switch (rnd.nextInt(8)) {
                    case 0 -> request(b -> b.setIssuingAuthority(text)).apply(d);
                    case 1 -> request(b -> b.setSummaryOfFacts(text)).apply(d);
                    case 2 -> request(b -> b.setRequestId(text)).apply(d);
                    case 3 -> request(b -> b.setAnalyst(text)).apply(d);
                    case 4 ->
                        request(b -> b.setContactPoint(ContactPoint.newBuilder().setPhone(text)))
                                .apply(d);
                    case 5 -> first(b -> b.setNote(text)).apply(d);
                    case 6 -> first(b -> b.setActor(text)).apply(d);
                    default -> first(b -> b.setRequestId(text)).apply(d);
                };
                StatusRuntimeException e =
                        catchThrowableOfType(StatusRuntimeException.class, () -> stub.deliverRequest(bad));
                assertThat(e).as("case %d", i).isNotNull();
                assertThat(e.getStatus().getCode())
                        .as("case %d: %s", i, e.getStatus())
                        .isIn(
                                Status.Code.INVALID_ARGUMENT,
                                Status.Code.FAILED_PRECONDITION,
                                Status.Code.PERMISSION_DENIED);
                assertThat(e.getStatus().getDescription()).doesNotContain("\r", "\n", "\u0000", "\u001b");
            }

            // DeliverTransition: garbage is INVALID_ARGUMENT, not "UNAVAILABLE, retry later"
            StatusRuntimeException empty = catchThrowableOfType(
                    StatusRuntimeException.class, () -> stub.deliverTransition(Transition.getDefaultInstance()));
            assertThat(empty.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(fields(empty)).contains("request_id", "sequence", "signature");
            StatusRuntimeException crlf = catchThrowableOfType(
                    StatusRuntimeException.class,
                    () -> stub.deliverTransition(transition(evil, "id\r\nINFO forged", 3)));
            assertThat(crlf.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(crlf.getStatus().getDescription()).doesNotContain("\r", "\n");

            assertThat(CooperationRequestsTest.officer(my)
                            .listRequests(ListRequestsRequest.getDefaultInstance())
                            .getRequestsList())
                    .isEmpty();

            // the same peer's well-formed request is accepted: the refusals above were the mutations
            DeliverRequestRequest good = valid(evil, "MY-PDRM", false);
            assertThat(stub.deliverRequest(good).getDelivered().getToState()).isEqualTo(RequestState.DELIVERED);
            assertThat(CooperationRequestsTest.officer(my)
                            .listRequests(ListRequestsRequest.getDefaultInstance())
                            .getRequestsList())
                    .hasSize(1);

            assertThat(log.messages())
                    .allSatisfy(m -> assertThat(m == null ? "" : m)
                            .doesNotContain("\r", "\u0000", "\u001b", "\u202e", "INFO forged"));
        }
    }

    @Test
    void aRequestBetweenOtherNodesLooksExactlyLikeOneThatDoesNotExist() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", QUIET);
                RunningNode my =
                        new RunningNode(dir.resolve("my"), "MY-PDRM", QUIET + TestConfigs.GENEROUS_PEER_BUDGETS);
                FakePeer evil = new FakePeer(dir.resolve("evil"), "XX-EVIL", my)) {
            th.trust(my, "asean");
            my.trust(th, "asean");
            evil.pinnedBy(my);
            String held = CooperationRequestsTest.officer(th)
                    .createRequest(CooperationRequestsTest.preservation("MY-PDRM", ""))
                    .getRequest()
                    .getRequestId();
            String absent = UUID.randomUUID().toString();
            var stub = peerStub(evil, my);
            StatusRuntimeException a = catchThrowableOfType(
                    StatusRuntimeException.class, () -> stub.deliverTransition(transition(evil, held, 3)));
            StatusRuntimeException b = catchThrowableOfType(
                    StatusRuntimeException.class, () -> stub.deliverTransition(transition(evil, absent, 3)));
            assertThat(a.getStatus().getCode())
                    .isEqualTo(Status.Code.FAILED_PRECONDITION)
                    .isEqualTo(b.getStatus().getCode());
            assertThat(a.getStatus().getDescription().replace(held, "ID"))
                    .isEqualTo(b.getStatus().getDescription().replace(absent, "ID"));
            // and the request between TH and MY is untouched
            assertThat(CooperationRequestsTest.get(my, held).getTransitionsCount())
                    .isEqualTo(2);
        }
    }

    /** Text from the characters an attacker reaches for. */
    static String hostile(Random rnd) {
        String[] parts = {
            "\r",
            "\n",
            "\u0000",
            "\u001b[2K",
            "\u202e",
            "\u2028",
            "\"",
            "\\",
            "$(id)",
            "`id`",
            ";",
            "a",
            "ZZ",
            "中文",
            "😀",
            UUID.randomUUID().toString(),
            "x".repeat(rnd.nextInt(3) == 0 ? 12_000 : 5)
        };
        StringBuilder b = new StringBuilder();
        for (int i = rnd.nextInt(6); i >= 0; i--) {
            b.append(parts[rnd.nextInt(parts.length)]);
        }
        return b.toString();
    }
}
