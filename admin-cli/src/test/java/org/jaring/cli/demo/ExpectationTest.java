package org.jaring.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jaring.cli.demo.data.DemoDataset;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.FederatedLookupResult;
import org.jaring.v1.Hit;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerStatus;
import org.junit.jupiter.api.Test;

/** The demo's "expected" line is checked against the answer, and the follow-up goes to the story's node only. */
class ExpectationTest {
    private static final String WALLET = DemoDataset.SCAM_WALLET;

    @Test
    void aPeerThatTimedOutIsNamedWithTheReason() {
        FederatedLookupResponse answer = FederatedLookupResponse.newBuilder()
                .addResults(FederatedLookupResult.newBuilder().addHits(hit("TH-CCIB", WALLET)))
                .addPeers(PeerStatus.newBuilder()
                        .setNodeId("MY-PDRM")
                        .setOutcome(PeerOutcome.PEER_OUTCOME_TIMED_OUT)
                        .setDetail("no answer within 2000 ms"))
                .build();

        assertThat(Expectation.unmet(answer, "TH-CCIB", List.of("TH-CCIB", "MY-PDRM"), List.of()))
                .singleElement()
                .asString()
                .startsWith("expected a hit from MY-PDRM; MY-PDRM did not answer within the lookup's deadline")
                .contains("no answer within 2000 ms")
                .contains("busy");
    }

    @Test
    void anAnswerAsToldHasNothingToSay() {
        FederatedLookupResponse answer = FederatedLookupResponse.newBuilder()
                .addResults(FederatedLookupResult.newBuilder()
                        .addHits(hit("TH-CCIB", WALLET))
                        .addHits(hit("MY-PDRM", WALLET)))
                .addPeers(PeerStatus.newBuilder().setNodeId("MY-PDRM").setOutcome(PeerOutcome.PEER_OUTCOME_ANSWERED))
                .build();

        assertThat(Expectation.unmet(answer, "TH-CCIB", List.of("TH-CCIB", "MY-PDRM"), List.of()))
                .isEmpty();
    }

    @Test
    void aRedValueSeenFromAPeerIsCalledOut() {
        FederatedLookupResponse answer = FederatedLookupResponse.newBuilder()
                .addResults(FederatedLookupResult.newBuilder().addHits(hit("SG-SPF", "x@example.org")))
                .build();

        assertThat(Expectation.unmet(answer, "TH-CCIB", List.of(), List.of("SG-SPF")))
                .singleElement()
                .asString()
                .contains("expected no hit from SG-SPF");
    }

    @Test
    void theFollowUpGoesToTheStorysNodeOrNowhere() {
        FederatedLookupResponse withoutMalaysia = FederatedLookupResponse.newBuilder()
                .addResults(FederatedLookupResult.newBuilder()
                        .addHits(hit("ID-POLRI", "asean-parcel-redelivery.com"))
                        .addHits(hit("TH-CCIB", WALLET)))
                .build();
        FederatedLookupResponse withMalaysia = FederatedLookupResponse.newBuilder()
                .addResults(FederatedLookupResult.newBuilder()
                        .addHits(hit("ID-POLRI", WALLET))
                        .addHits(hit("MY-PDRM", WALLET)))
                .build();

        assertThat(DemoRequestStory.followedHit(List.of(withoutMalaysia), "MY-PDRM", WALLET))
                .isEmpty();
        assertThat(DemoRequestStory.followedHit(List.of(withoutMalaysia, withMalaysia), "MY-PDRM", WALLET))
                .hasValueSatisfying(h -> assertThat(h.getOriginNode()).isEqualTo("MY-PDRM"));
    }

    private static Hit hit(String origin, String value) {
        return Hit.newBuilder()
                .setOriginNode(origin)
                .setValue(value)
                .setCaseHandle("h-" + origin)
                .build();
    }
}
