package org.jaring.node.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jaring.node.requests.CooperationRequestsTest.get;
import static org.jaring.node.requests.CooperationRequestsTest.officer;
import static org.jaring.node.requests.CooperationRequestsTest.preservation;
import static org.jaring.node.requests.CooperationRequestsTest.to;

import io.grpc.Status;
import java.nio.file.Path;
import java.time.Instant;
import org.jaring.node.RunningNode;
import org.jaring.v1.RequestRecord;
import org.jaring.v1.RequestState;
import org.jaring.v1.SyncNowRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes over mutual TLS: a message the other node refuses for good is tried once, leaves the outbox and
 * shows on the request with the peer's reason; a peer that is down keeps its messages waiting until it is back.
 */
class DeliveryFailureTest {
    private static final String QUIET = "sync:\n  interval: 1h\n";

    @TempDir
    Path dir;

    private static double refused(RunningNode n, String to) {
        var c = n.node.metrics()
                .find("jaring.requests.delivery.refused")
                .tag("to", to)
                .counter();
        return c == null ? 0 : c.count();
    }

    private static int waiting(RunningNode n) {
        return new RequestTable(n.node.store()).pending().size();
    }

    private static void pair(RunningNode th, RunningNode my) {
        th.trust(my, "asean");
        my.trust(th, "asean");
    }

    @Test
    void aPermanentRefusalIsTriedOnceAndShowsOnTheRequestWithThePeersReason() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", QUIET);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", QUIET)) {
            pair(th, my);
            String id = officer(th)
                    .createRequest(preservation("MY-PDRM", ""))
                    .getRequest()
                    .getRequestId();
            assertThat(get(my, id).getState()).isEqualTo(RequestState.DELIVERED);

            // Each side writes position 3 while the other is down: MY acknowledges, TH withdraws. When both are
            // up, each refuses the other's transition 3 for good (FAILED_PRECONDITION): the chains have forked.
            th.stop();
            officer(my).changeState(to(id, RequestState.ACKNOWLEDGED));
            my.stop();
            th.restart();
            officer(th)
                    .changeState(to(id, RequestState.WITHDRAWN).toBuilder()
                            .setNote("arrested")
                            .build());
            assertThat(waiting(th)).isEqualTo(1);
            my.restart();
            th.admin().syncNow(SyncNowRequest.getDefaultInstance());
            my.admin().syncNow(SyncNowRequest.getDefaultInstance());

            RequestRecord atTh = get(th, id);
            assertThat(atTh.getState()).isEqualTo(RequestState.WITHDRAWN);
            assertThat(atTh.hasDeliveryFailure()).isTrue();
            assertThat(atTh.getDeliveryFailure().getSequence()).isEqualTo(3);
            assertThat(atTh.getDeliveryFailure().getToState()).isEqualTo(RequestState.WITHDRAWN);
            assertThat(atTh.getDeliveryFailure().getPeer()).isEqualTo("MY-PDRM");
            assertThat(atTh.getDeliveryFailure().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION.name());
            assertThat(atTh.getDeliveryFailure().getReason())
                    .contains("already has a different transition 3 (ACKNOWLEDGED)");
            RequestRecord atMy = get(my, id);
            assertThat(atMy.getState()).isEqualTo(RequestState.ACKNOWLEDGED);
            assertThat(atMy.getDeliveryFailure().getReason())
                    .contains("already has a different transition 3 (WITHDRAWN)");

            // tried once: more rounds send nothing, and nothing waits
            assertThat(refused(th, "MY-PDRM")).isEqualTo(1.0);
            assertThat(refused(my, "TH-CCIB")).isEqualTo(1.0);
            for (int i = 0; i < 3; i++) {
                th.admin().syncNow(SyncNowRequest.getDefaultInstance());
                my.admin().syncNow(SyncNowRequest.getDefaultInstance());
            }
            assertThat(refused(th, "MY-PDRM")).isEqualTo(1.0);
            assertThat(refused(my, "TH-CCIB")).isEqualTo(1.0);
            assertThat(waiting(th)).isZero();
            assertThat(waiting(my)).isZero();
            // and the request can no longer change on the side whose message was refused
            assertThatThrownBy(() -> officer(my).changeState(to(id, RequestState.IN_PROGRESS)))
                    .hasMessageContaining("FAILED_PRECONDITION")
                    .hasMessageContaining("can no longer change");
        }
    }

    @Test
    void aPeerThatIsDownIsRetriedAndGetsTheRequestWhenBack() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", QUIET);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", QUIET)) {
            pair(th, my);
            my.stop();
            String id = officer(th)
                    .createRequest(preservation("MY-PDRM", ""))
                    .getRequest()
                    .getRequestId();
            for (int i = 0; i < 3; i++) {
                th.admin().syncNow(SyncNowRequest.getDefaultInstance());
            }
            RequestRecord waitingRecord = get(th, id);
            assertThat(waitingRecord.getState()).isEqualTo(RequestState.SENT);
            assertThat(waitingRecord.hasDeliveryFailure()).isFalse();
            assertThat(waiting(th)).isEqualTo(1);
            assertThat(refused(th, "MY-PDRM")).isZero();

            my.restart();
            th.admin().syncNow(SyncNowRequest.getDefaultInstance());
            assertThat(get(th, id).getState()).isEqualTo(RequestState.DELIVERED);
            assertThat(get(th, id).hasDeliveryFailure()).isFalse();
            assertThat(waiting(th)).isZero();
            assertThat(get(my, id).getTransitionsCount()).isEqualTo(2);
        }
    }

    @Test
    void onlyCodesThatSayTheMessageIsWrongArePermanent() {
        for (Status.Code c : Status.Code.values()) {
            boolean permanent = switch (c) {
                case INVALID_ARGUMENT,
                        FAILED_PRECONDITION,
                        PERMISSION_DENIED,
                        NOT_FOUND,
                        ALREADY_EXISTS,
                        OUT_OF_RANGE,
                        UNIMPLEMENTED -> true;
                default -> false;
            };
            assertThat(PermanentRefusal.isPermanent(c)).as(c.name()).isEqualTo(permanent);
        }
        assertThat(PermanentRefusal.isPermanent(Status.Code.UNAVAILABLE)).isFalse();
        assertThat(PermanentRefusal.isPermanent(Status.Code.DEADLINE_EXCEEDED)).isFalse();
        assertThat(PermanentRefusal.isPermanent(Status.Code.RESOURCE_EXHAUSTED)).isFalse();
        // the peer's reason is kept capped and escaped
        var f = PermanentRefusal.failure(
                3,
                RequestState.WITHDRAWN,
                "MY-PDRM",
                "FAILED_PRECONDITION",
                "no\r\n\u001b[2K" + "x".repeat(1_000),
                Instant.EPOCH);
        assertThat(f.getReason())
                .startsWith("no\\r\\n\\u{1b}[2K")
                .doesNotContain("\r", "\n", "\u001b")
                .endsWith("…(+" + (1_000 + 8 - PermanentRefusal.REASON_CAP) + " chars)");
    }
}
