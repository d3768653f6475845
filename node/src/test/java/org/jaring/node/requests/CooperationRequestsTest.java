package org.jaring.node.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jaring.core.Await;
import org.jaring.core.config.RequestSettings;
import org.jaring.core.trust.NodeId;
import org.jaring.node.RunningNode;
import org.jaring.v1.ChangeStateRequest;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.CreateRequestRequest;
import org.jaring.v1.GetRequestRequest;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.ListRequestsRequest;
import org.jaring.v1.RefusalGround;
import org.jaring.v1.RequestRecord;
import org.jaring.v1.RequestServiceGrpc;
import org.jaring.v1.RequestState;
import org.jaring.v1.RequestType;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cooperation requests between two real nodes over mutual TLS. */
class CooperationRequestsTest {
    private static final String QUIET = "sync:\n  interval: 1h\n";

    @TempDir
    Path dir;

    static RequestServiceGrpc.RequestServiceBlockingStub officer(RunningNode n) {
        n.analyst();
        return RequestServiceGrpc.newBlockingStub(n.channel(n.node.nationalPort(), "analyst"))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    static CreateRequestRequest preservation(String to, String deadline) {
        return CreateRequestRequest.newBuilder()
                .setDeadlineDuration(deadline)
                .setRequest(CooperationRequest.newBuilder()
                        .setRequestedNode(to)
                        .setType(RequestType.EXPEDITED_PRESERVATION)
                        .setLegalBasis(LegalBasis.LEGAL_BASIS_BUDAPEST)
                        .setIssuingAuthority("TH CCIB")
                        .setIssuingFileNumber("CCIB-2026-17")
                        .addCaseHandles("h-123")
                        .setSummaryOfFacts("Phishing kit hosted at a provider in MY")
                        .setDataSought("traffic data of host x")
                        .setConfidential(true))
                .build();
    }

    static ChangeStateRequest to(String id, RequestState s) {
        return ChangeStateRequest.newBuilder().setRequestId(id).setToState(s).build();
    }

    static RequestRecord get(RunningNode n, String id) {
        return officer(n)
                .getRequest(GetRequestRequest.newBuilder().setRequestId(id).build());
    }

    static void assertSameSignedChain(RunningNode a, RunningNode b, String id) {
        RequestRecord ra = get(a, id);
        RequestRecord rb = get(b, id);
        assertThat(ra.getRequest()).isEqualTo(rb.getRequest());
        assertThat(ra.getTransitionsList()).isEqualTo(rb.getTransitionsList());
        byte[] prev = RequestSigning.hash(ra.getRequest());
        for (Transition t : ra.getTransitionsList()) {
            assertThat(t.getPrevHash().toByteArray()).isEqualTo(prev);
            // Each transition verifies at the other node: the signer rule needs that node's anchor for the signer.
            RunningNode verifier = t.getActorNode().equals(a.id()) ? b : a;
            assertThat(RequestSigning.verify(
                            t, verifier.node.trust().snapshot(), NodeId.of(t.getActorNode()), Instant.now()))
                    .isNull();
            prev = RequestSigning.hash(t);
        }
    }

    private void pair(RunningNode th, RunningNode my) {
        th.trust(my, "asean");
        my.trust(th, "asean");
    }

    @Test
    void everyLegalTransitionIsSignedAndHeldAlikeOnBothSides() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", QUIET);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", QUIET)) {
            pair(th, my);
            RequestRecord sent = officer(th).createRequest(preservation("MY-PDRM", ""));
            String id = sent.getRequest().getRequestId();
            assertThat(sent.getState()).isEqualTo(RequestState.DELIVERED);
            assertThat(Timestamps.toMillis(sent.getRequest().getDeadline())
                            - Timestamps.toMillis(sent.getRequest().getCreatedAt()))
                    .isEqualTo(Duration.ofHours(24).toMillis());
            assertThat(sent.getAllowedNextList()).containsExactly(RequestState.WITHDRAWN);
            RequestRecord incoming = get(my, id);
            assertThat(incoming.getOutgoing()).isFalse();
            assertThat(incoming.getAllowedNextList()).contains(RequestState.ACKNOWLEDGED, RequestState.REFUSED);

            officer(my)
                    .changeState(to(id, RequestState.ACKNOWLEDGED).toBuilder()
                            .setRequestedFileNumber("PDRM/77")
                            .build());
            officer(my).changeState(to(id, RequestState.IN_PROGRESS));
            assertThatThrownBy(() -> officer(my)
                            .changeState(to(id, RequestState.FULFILLED).toBuilder()
                                    .setAnswer("x")
                                    .setPreservedUntil(Timestamps.fromMillis(System.currentTimeMillis() + 86_400_000L))
                                    .build()))
                    .hasMessageContaining("INVALID_ARGUMENT")
                    .hasMessageContaining("60 days");
            officer(my)
                    .changeState(to(id, RequestState.PARTLY_FULFILLED).toBuilder()
                            .setAnswer("preserved 3 of 4 accounts")
                            .build());
            RequestRecord done = officer(my)
                    .changeState(to(id, RequestState.FULFILLED).toBuilder()
                            .setAnswer("4th preserved")
                            .build());
            assertThat(done.getState()).isEqualTo(RequestState.FULFILLED);

            RequestRecord atTh = get(th, id);
            assertThat(atTh.getState()).isEqualTo(RequestState.FULFILLED);
            assertThat(atTh.getTransitionsList())
                    .extracting(Transition::getToState)
                    .containsExactly(
                            RequestState.SENT,
                            RequestState.DELIVERED,
                            RequestState.ACKNOWLEDGED,
                            RequestState.IN_PROGRESS,
                            RequestState.PARTLY_FULFILLED,
                            RequestState.FULFILLED);
            assertThat(atTh.getTransitionsList())
                    .extracting(Transition::getActorNode)
                    .containsExactly("TH-CCIB", "MY-PDRM", "MY-PDRM", "MY-PDRM", "MY-PDRM", "MY-PDRM");
            assertThat(atTh.getTransitions(5).getAnswer()).isEqualTo("4th preserved");
            assertThat(Timestamps.toMillis(atTh.getTransitions(5).getPreservedUntil())
                            - Timestamps.toMillis(atTh.getTransitions(5).getTime()))
                    .isEqualTo(Duration.ofDays(60).toMillis());

            assertThat(atTh.getTransitions(2).getRequestedFileNumber()).isEqualTo("PDRM/77");
            assertSameSignedChain(th, my, id);

            // refusal with its ground, and withdrawal by the requester
            String r2 = officer(th)
                    .createRequest(preservation("MY-PDRM", ""))
                    .getRequest()
                    .getRequestId();
            officer(my)
                    .changeState(to(r2, RequestState.REFUSED).toBuilder()
                            .setRefusalGround(RefusalGround.DUAL_CRIMINALITY)
                            .setNote("not an offence here")
                            .build());
            assertThat(get(th, r2).getState()).isEqualTo(RequestState.REFUSED);
            assertThat(get(th, r2).getTransitions(2).getRefusalGround()).isEqualTo(RefusalGround.DUAL_CRIMINALITY);
            assertSameSignedChain(th, my, r2);

            String r3 = officer(th)
                    .createRequest(preservation("MY-PDRM", ""))
                    .getRequest()
                    .getRequestId();
            officer(my).changeState(to(r3, RequestState.ACKNOWLEDGED));
            officer(th)
                    .changeState(to(r3, RequestState.WITHDRAWN).toBuilder()
                            .setNote("suspect arrested")
                            .build());
            assertThat(get(my, r3).getState()).isEqualTo(RequestState.WITHDRAWN);
            assertSameSignedChain(th, my, r3);
        }
    }

    @Test
    void illegalTransitionsAreRefusedNamingStateAndAllowedNext() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", QUIET);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", QUIET)) {
            pair(th, my);
            String id = officer(th)
                    .createRequest(preservation("MY-PDRM", ""))
                    .getRequest()
                    .getRequestId();
            // the requester cannot answer its own request
            assertThatThrownBy(() -> officer(th).changeState(to(id, RequestState.ACKNOWLEDGED)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                        assertThat(e.getStatus().getDescription())
                                .contains("is DELIVERED")
                                .contains("[WITHDRAWN]");
                    });
            // a refusal needs its ground; an answer needs released text
            assertThatThrownBy(() -> officer(my).changeState(to(id, RequestState.REFUSED)))
                    .hasMessageContaining("INVALID_ARGUMENT");
            assertThatThrownBy(() -> officer(my).changeState(to(id, RequestState.FULFILLED)))
                    .hasMessageContaining("INVALID_ARGUMENT");
            assertThatThrownBy(() -> officer(my).changeState(to(id, RequestState.SENT)))
                    .hasMessageContaining("FAILED_PRECONDITION");
            officer(my)
                    .changeState(to(id, RequestState.REFUSED).toBuilder()
                            .setRefusalGround(RefusalGround.OTHER)
                            .build());
            // final: nothing more, neither side
            assertThatThrownBy(() -> officer(th).changeState(to(id, RequestState.WITHDRAWN)))
                    .hasMessageContaining("FAILED_PRECONDITION")
                    .hasMessageContaining("is REFUSED")
                    .hasMessageContaining("nothing (final state)");
            assertThatThrownBy(() -> officer(my).changeState(to(id, RequestState.ACKNOWLEDGED)))
                    .hasMessageContaining("FAILED_PRECONDITION");
            assertThatThrownBy(() -> officer(th).changeState(to(id, RequestState.EXPIRED)))
                    .hasMessageContaining("FAILED_PRECONDITION");
            // unknown peer, missing fields
            assertThatThrownBy(() -> officer(th).createRequest(preservation("SG-SPF", "")))
                    .hasMessageContaining("INVALID_ARGUMENT");
            assertThatThrownBy(() -> officer(th)
                            .createRequest(CreateRequestRequest.newBuilder()
                                    .setRequest(CooperationRequest.newBuilder()
                                            .setRequestedNode("MY-PDRM")
                                            .setType(RequestType.EMERGENCY_DISCLOSURE)
                                            .setLegalBasis(LegalBasis.LEGAL_BASIS_BUDAPEST_SECOND_PROTOCOL)
                                            .setSummaryOfFacts("x")
                                            .setDataSought("y"))
                                    .build()))
                    .hasMessageContaining("emergency");
        }
    }

    @Test
    void aRequestToAStoppedPeerIsDeliveredOnceWhenItReturns() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", QUIET);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", QUIET)) {
            pair(th, my);
            my.stop();
            RequestRecord sent = officer(th).createRequest(preservation("MY-PDRM", ""));
            String id = sent.getRequest().getRequestId();
            assertThat(sent.getState()).isEqualTo(RequestState.SENT);
            // withdrawal needs delivery first, so the two chains can never fork
            assertThatThrownBy(() -> officer(th).changeState(to(id, RequestState.WITHDRAWN)))
                    .hasMessageContaining("is SENT");
            th.admin().syncNow(SyncNowRequest.getDefaultInstance());
            assertThat(get(th, id).getState()).isEqualTo(RequestState.SENT);

            my.restart();
            th.admin().syncNow(SyncNowRequest.getDefaultInstance());
            th.admin().syncNow(SyncNowRequest.getDefaultInstance());
            assertThat(get(th, id).getState()).isEqualTo(RequestState.DELIVERED);
            assertThat(officer(my)
                            .listRequests(ListRequestsRequest.getDefaultInstance())
                            .getRequestsList())
                    .hasSize(1);
            assertThat(get(my, id).getTransitionsCount()).isEqualTo(2);

            // and the other way: the answer waits for the requester
            th.stop();
            officer(my).changeState(to(id, RequestState.ACKNOWLEDGED));
            officer(my)
                    .changeState(to(id, RequestState.FULFILLED).toBuilder()
                            .setAnswer("preserved until 2027-01-31")
                            .build());
            th.restart();
            my.admin().syncNow(SyncNowRequest.getDefaultInstance());
            my.admin().syncNow(SyncNowRequest.getDefaultInstance());
            RequestRecord atTh = get(th, id);
            assertThat(atTh.getState()).isEqualTo(RequestState.FULFILLED);
            assertThat(atTh.getTransitionsCount()).isEqualTo(4);
            assertSameSignedChain(th, my, id);
        }
    }

    @Test
    void deadlinesExpireAndOverdueRequestsAreListedOnBothSides() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", QUIET);
                RunningNode my = new RunningNode(
                        dir.resolve("my"),
                        "MY-PDRM",
                        QUIET
                                + "requests:\n  deadlines:\n    SUBSCRIBER_INFORMATION: 1s\n  legal_basis_deadlines:\n    asean-mlat: {SUBSCRIBER_INFORMATION: 2s}\n")) {
            pair(th, my);
            CooperationRequest lateRequest =
                    officer(th).createRequest(preservation("MY-PDRM", "1s")).getRequest();
            String late = lateRequest.getRequestId();
            String onTime = officer(th)
                    .createRequest(preservation("MY-PDRM", ""))
                    .getRequest()
                    .getRequestId();
            long deadline = Timestamps.toMillis(lateRequest.getDeadline());
            Await.until("the clock is past the 1 s deadline", () -> System.currentTimeMillis() > deadline);
            List<RequestRecord> thOverdue = officer(th)
                    .listOverdue(ListRequestsRequest.getDefaultInstance())
                    .getRequestsList();
            assertThat(thOverdue).extracting(r -> r.getRequest().getRequestId()).containsExactly(late);
            assertThat(thOverdue.get(0).getState()).isEqualTo(RequestState.EXPIRED);
            assertThat(get(my, late).getState()).isEqualTo(RequestState.EXPIRED);
            assertThat(officer(my)
                            .listOverdue(ListRequestsRequest.getDefaultInstance())
                            .getRequestsList())
                    .extracting(r -> r.getRequest().getRequestId())
                    .containsExactly(late);
            assertThat(get(th, onTime).getOverdue()).isFalse();
            assertSameSignedChain(th, my, late);
            assertThatThrownBy(() -> officer(my)
                            .changeState(to(late, RequestState.FULFILLED).toBuilder()
                                    .setAnswer("x")
                                    .build()))
                    .hasMessageContaining("is EXPIRED");

            // the per-node configured default (MY sends subscriber requests with a 1 s deadline)
            RequestRecord sub = officer(my)
                    .createRequest(CreateRequestRequest.newBuilder()
                            .setRequest(preservation("TH-CCIB", "").getRequest().toBuilder()
                                    .setType(RequestType.SUBSCRIBER_INFORMATION))
                            .build());
            assertThat(Timestamps.toMillis(sub.getRequest().getDeadline())
                            - Timestamps.toMillis(sub.getRequest().getCreatedAt()))
                    .isEqualTo(1000);
            RequestRecord subMlat = officer(my)
                    .createRequest(CreateRequestRequest.newBuilder()
                            .setRequest(preservation("TH-CCIB", "").getRequest().toBuilder()
                                    .setType(RequestType.SUBSCRIBER_INFORMATION)
                                    .setLegalBasis(LegalBasis.LEGAL_BASIS_ASEAN_MLAT))
                            .build());
            assertThat(Timestamps.toMillis(subMlat.getRequest().getDeadline())
                            - Timestamps.toMillis(subMlat.getRequest().getCreatedAt()))
                    .isEqualTo(2000);
        }
    }

    @Test
    void anIncomingEmergencyAlertsTheContactPointWithTheRequestAsJsonOnStandardInput() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path script = dir.resolve("page.sh");
        // Records exactly what it was given: standard input, its arguments, any JARING_ variable.
        Files.writeString(
                script,
                "#!/bin/sh\ncat > " + out.resolve("stdin.json") + "\n"
                        + "printf '%s\\n' \"$#\" \"$@\" > " + out.resolve("argv.txt") + "\n"
                        + "env | grep '^JARING_' > " + out.resolve("env.txt") + "\n"
                        + "touch " + out.resolve("done") + "\n");
        script.toFile().setExecutable(true);
        // Text an attacker would try on a command line or in a shell; allowed in a multi-line field.
        String hostile = "a child's life at risk tonight\r\nINFO forged log line $(touch " + out.resolve("pwned")
                + ") `touch " + out.resolve("pwned2") + "` \"; rm -rf / ; ' $JARING_X --help";
        try (LogCapture log = new LogCapture();
                RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", QUIET);
                RunningNode my = new RunningNode(
                        dir.resolve("my"),
                        "MY-PDRM",
                        QUIET + "requests:\n  emergency_command: [\"" + script + "\", --unit, cyber]\n")) {
            pair(th, my);
            RequestRecord r = officer(th)
                    .createRequest(CreateRequestRequest.newBuilder()
                            .setRequest(preservation("MY-PDRM", "").getRequest().toBuilder()
                                    .setType(RequestType.EMERGENCY_DISCLOSURE)
                                    .setEmergencyJustification(hostile))
                            .build());
            assertThat(r.getRequest().getEmergency()).isTrue();
            assertThat(Timestamps.toMillis(r.getRequest().getDeadline())
                            - Timestamps.toMillis(r.getRequest().getCreatedAt()))
                    .isEqualTo(Duration.ofHours(8).toMillis());
            Await.until("the emergency command ran", () -> Files.exists(out.resolve("done")));
            var json = new ObjectMapper().readTree(out.resolve("stdin.json").toFile());
            assertThat(json.get("format").asInt()).isEqualTo(1);
            assertThat(json.get("request_id").asText()).isEqualTo(r.getRequest().getRequestId());
            assertThat(json.get("type").asText()).isEqualTo("EMERGENCY_DISCLOSURE");
            assertThat(json.get("requesting_node").asText()).isEqualTo("TH-CCIB");
            assertThat(json.get("requested_node").asText()).isEqualTo("MY-PDRM");
            assertThat(json.get("emergency").asBoolean()).isTrue();
            assertThat(json.get("emergency_justification").asText()).isEqualTo(hostile);
            assertThat(json.get("legal_basis").asText()).isEqualTo("LEGAL_BASIS_BUDAPEST");
            assertThat(json.get("deadline").asText())
                    .isEqualTo(Timestamps.toString(r.getRequest().getDeadline()));
            assertThat(json.get("contact_point").get("unit").asText())
                    .isEqualTo(r.getRequest().getContactPoint().getUnit());
            // the command line and environment are exactly as configured: nothing a peer wrote
            assertThat(Files.readAllLines(out.resolve("argv.txt"))).containsExactly("2", "--unit", "cyber");
            assertThat(Files.readString(out.resolve("env.txt"))).isEmpty();
            assertThat(out.resolve("pwned")).doesNotExist();
            assertThat(out.resolve("pwned2")).doesNotExist();
            assertThat(my.node
                            .metrics()
                            .counter("jaring.requests.emergency.received", "from", "TH-CCIB")
                            .count())
                    .isEqualTo(1.0);
            // the WARNING names the justification on its own single line
            assertThat(log.messages())
                    .filteredOn(m -> m.startsWith("EMERGENCY"))
                    .singleElement()
                    .satisfies(m -> {
                        assertThat(m).doesNotContain("\r", "\n");
                        assertThat(m).contains("risk tonight\\r\\nINFO forged log line");
                    });
        }
    }

    @Test
    void theRequestsSectionIsValidated() {
        List<RequestSettings.Problem> problems = new ArrayList<>();
        RequestSettings s = RequestSettings.read(
                new ObjectMapper()
                        .valueToTree(Map.of(
                                "deadlines",
                                Map.of(
                                        "EXPEDITED_PRESERVATION",
                                        "12h",
                                        "PRESERVATON",
                                        "1d",
                                        "EMERGENCY_DISCLOSURE",
                                        "soon"),
                                "colour",
                                "red")),
                problems);
        assertThat(problems)
                .extracting(RequestSettings.Problem::field)
                .containsExactlyInAnyOrder(
                        "requests.deadlines.PRESERVATON", "requests.deadlines.EMERGENCY_DISCLOSURE", "requests.colour");
        assertThat(s.deadline(RequestType.EXPEDITED_PRESERVATION)).isEqualTo(Duration.ofHours(12));
        assertThat(s.deadline(RequestType.SUBSCRIBER_INFORMATION)).isEqualTo(Duration.ofDays(30));
        problems.clear();
        RequestSettings byBasis = RequestSettings.read(
                new ObjectMapper()
                        .valueToTree(Map.of(
                                "legal_basis_deadlines",
                                Map.of(
                                        "asean-mlat",
                                        Map.of("MUTUAL_LEGAL_ASSISTANCE", "60d"),
                                        "treaty-of-nowhere",
                                        Map.of()))),
                problems);
        assertThat(problems)
                .extracting(RequestSettings.Problem::field)
                .containsExactly("requests.legal_basis_deadlines.treaty-of-nowhere");
        assertThat(byBasis.deadline(RequestType.MUTUAL_LEGAL_ASSISTANCE, LegalBasis.LEGAL_BASIS_ASEAN_MLAT))
                .isEqualTo(Duration.ofDays(60));
        assertThat(byBasis.deadline(RequestType.MUTUAL_LEGAL_ASSISTANCE, LegalBasis.LEGAL_BASIS_BUDAPEST))
                .isEqualTo(Duration.ofDays(90));
        assertThat(Arrays.asList(RequestSettings.DEFAULT_DEADLINES.keySet().toArray()))
                .hasSize(7);
        assertThat(byBasis.deliveryTimeout()).isEqualTo(RequestSettings.DEFAULT_DELIVERY_TIMEOUT);
        for (String bad : List.of("0s", "50ms", "11m", "soon")) {
            problems.clear();
            RequestSettings refused =
                    RequestSettings.read(new ObjectMapper().valueToTree(Map.of("delivery_timeout", bad)), problems);
            assertThat(problems)
                    .as(bad)
                    .extracting(RequestSettings.Problem::field)
                    .containsExactly("requests.delivery_timeout");
            assertThat(refused.deliveryTimeout()).isEqualTo(RequestSettings.DEFAULT_DELIVERY_TIMEOUT);
        }
        problems.clear();
        assertThat(RequestSettings.read(new ObjectMapper().valueToTree(Map.of("delivery_timeout", "30s")), problems)
                        .deliveryTimeout())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(problems).isEmpty();
        assertThat(NodeId.of("TH-CCIB").value()).isEqualTo("TH-CCIB");
    }
}
