package org.jaring.node.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jaring.core.Await;
import org.jaring.node.PeerLink;
import org.jaring.node.RunningNode;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.CreateRequestRequest;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.RequestRecord;
import org.jaring.v1.RequestServiceGrpc;
import org.jaring.v1.RequestState;
import org.jaring.v1.RequestType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request to a healthy peer is delivered while the delivery to a paused one is still waiting: each destination
 * has its own outbox pass and lock. Before, one lock and one pass over every destination made the healthy peer's
 * request wait for the paused peer's delivery deadline (5 s), twice. The deadline here is far longer than the
 * healthy delivery can take on a loaded machine, so the paused delivery is certainly still waiting when checked.
 */
class PausedPeerRequestTest {
    @TempDir
    Path dir;

    private static CreateRequestRequest to(String node, String fileNumber) {
        return CreateRequestRequest.newBuilder()
                .setRequest(CooperationRequest.newBuilder()
                        .setRequestedNode(node)
                        .setType(RequestType.EXPEDITED_PRESERVATION)
                        .setLegalBasis(LegalBasis.LEGAL_BASIS_BUDAPEST)
                        .setIssuingAuthority("TH CCIB")
                        .setIssuingFileNumber(fileNumber)
                        .addCaseHandles("h-1")
                        .setSummaryOfFacts("Phishing kit hosted abroad")
                        .setDataSought("traffic data of host x"))
                .build();
    }

    @Test
    void aPausedPeerHoldsBackOnlyItsOwnRequests() throws Exception {
        // No background round delivers while the test looks, and the paused delivery waits until released.
        String quiet = "sync: {interval: 1h}\nrequests: {delivery_timeout: 10m}\n";
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", quiet);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", quiet);
                RunningNode bn = new RunningNode(dir.resolve("bn"), "BN-RBPF", quiet);
                PeerLink paused = new PeerLink(bn.node.peerPort())) {
            th.trustAt(bn, paused.endpoint(), "asean");
            th.trust(my, "asean");
            my.trust(th, "asean");
            bn.trust(th, "asean");
            th.analyst(); // issues the analyst certificate the channel below uses
            RequestServiceGrpc.RequestServiceBlockingStub requests =
                    RequestServiceGrpc.newBlockingStub(th.channel(th.node.nationalPort(), "analyst"));
            paused.holdAfter(0);

            CompletableFuture<RequestRecord> toPaused = CompletableFuture.supplyAsync(
                    () -> requests.withDeadlineAfter(2, TimeUnit.MINUTES).createRequest(to("BN-RBPF", "CCIB-1")));
            Await.until("the delivery to the paused peer is under way", paused::holding);

            RequestRecord toHealthy =
                    requests.withDeadlineAfter(2, TimeUnit.MINUTES).createRequest(to("MY-PDRM", "CCIB-2"));
            assertThat(toHealthy.getState()).isEqualTo(RequestState.DELIVERED);
            // The paused peer's delivery (deadline 10 minutes) is still waiting: the healthy one did not wait for it.
            assertThat(toPaused).isNotDone();
            assertThat(paused.holding()).isTrue();

            paused.release();
            assertThat(toPaused.get(2, TimeUnit.MINUTES).getState()).isIn(RequestState.SENT, RequestState.DELIVERED);
        }
    }
}
