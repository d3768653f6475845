package org.jaring.node.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import java.nio.file.Path;
import java.util.List;
import org.jaring.core.Await;
import org.jaring.core.trust.IdentityUri;
import org.jaring.core.trust.NodeId;
import org.jaring.node.AuditRecords;
import org.jaring.node.RunningNode;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.ListRequestsRequest;
import org.jaring.v1.RequestState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request transitions are recorded (REQUEST_CHANGE) on both nodes, over real mutual TLS: the transition an analyst
 * makes with the identity from the analyst's certificate, the one a peer delivers with the peer node's identity.
 */
class RequestChangesAuditedTest {
    private static final String QUIET = "sync:\n  interval: 1h\n";

    @TempDir
    Path dir;

    private static String detail(AuditRecord r, String key) {
        return r.getDetailsList().stream()
                .filter(d -> d.getKey().equals(key))
                .map(AuditDetail::getValue)
                .findFirst()
                .orElse(null);
    }

    private static List<AuditRecord> changes(RunningNode n) {
        try {
            return AuditRecords.of(n, AuditKind.AUDIT_KIND_REQUEST_CHANGE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachTransitionIsRecordedWithWhoMadeIt() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", QUIET);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", QUIET)) {
            th.trust(my, "asean");
            my.trust(th, "asean");
            String id = CooperationRequestsTest.officer(th)
                    .createRequest(CooperationRequestsTest.preservation("MY-PDRM", ""))
                    .getRequest()
                    .getRequestId();
            CooperationRequestsTest.officer(my).changeState(CooperationRequestsTest.to(id, RequestState.ACKNOWLEDGED));

            String thAnalyst =
                    IdentityUri.analyst(NodeId.of("TH-CCIB"), "analyst").uri();
            String myAnalyst =
                    IdentityUri.analyst(NodeId.of("MY-PDRM"), "analyst").uri();
            assertThat(changes(th)).first().satisfies(r -> {
                assertThat(r.getActor()).isEqualTo(thAnalyst);
                assertThat(r.getSubject()).isEqualTo(id);
                assertThat(detail(r, "action")).isEqualTo("create request");
                assertThat(detail(r, "transition")).isEqualTo("1: DRAFT -> SENT");
                assertThat(detail(r, "certificate")).isNotEmpty();
            });
            assertThat(changes(my))
                    .extracting(r -> r.getActor() + " " + detail(r, "action"))
                    .containsExactly("TH-CCIB received request", myAnalyst + " change state");
            Await.until(
                    "TH-CCIB records MY-PDRM's acknowledgement",
                    () -> changes(th).stream()
                            .anyMatch(r -> r.getActor().equals("MY-PDRM")
                                    && "received transition".equals(detail(r, "action"))
                                    && detail(r, "transition").endsWith("-> ACKNOWLEDGED")));
        }
    }

    @Test
    void anExpiryByTheClockIsRecordedAsTheNodes() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", QUIET);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", QUIET)) {
            th.trust(my, "asean");
            my.trust(th, "asean");
            CooperationRequest late = CooperationRequestsTest.officer(th)
                    .createRequest(CooperationRequestsTest.preservation("MY-PDRM", "1s"))
                    .getRequest();
            long deadline = Timestamps.toMillis(late.getDeadline());
            Await.until("the clock is past the 1 s deadline", () -> System.currentTimeMillis() > deadline);
            // Listing overdue requests runs the clock's part first, as every listing does.
            CooperationRequestsTest.officer(th).listOverdue(ListRequestsRequest.getDefaultInstance());

            assertThat(changes(th))
                    .filteredOn(r -> "expire".equals(detail(r, "action")))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.getActor()).isEqualTo("TH-CCIB");
                        assertThat(r.getSubject()).isEqualTo(late.getRequestId());
                        assertThat(detail(r, "transition")).endsWith("-> EXPIRED");
                        assertThat(detail(r, "actor")).isEqualTo("clock@TH-CCIB");
                        assertThat(detail(r, "peer")).isEqualTo("MY-PDRM");
                    });
        }
    }
}
