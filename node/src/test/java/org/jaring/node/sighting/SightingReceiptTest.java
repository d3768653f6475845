package org.jaring.node.sighting;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import java.nio.file.Path;
import java.util.UUID;
import org.jaring.node.FakePeer;
import org.jaring.node.PeerWire;
import org.jaring.node.RunningNode;
import org.jaring.node.signing.NodeSigner;
import org.jaring.node.signing.SignedSightings;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.ListSightingsRequest;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.ReportSightingsResponse;
import org.jaring.v1.Sighting;
import org.jaring.v1.SightingKind;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sightings report is no existence oracle: the origin's acknowledgement confirms receipt only, the same for a
 * value it shares with the reporter, a value it holds but withholds from it, and a value it does not hold; and
 * only sightings of values shared with the reporter are counted.
 */
class SightingReceiptTest {
    private static final String SHARED = "shared-scam.example";
    private static final String WITHHELD = "withheld-scam.example";
    private static final String ABSENT = "absent-scam.example";

    @TempDir
    Path dir;

    @Test
    void theAcknowledgementIsTheSameWhetherTheValueIsSharedWithheldOrAbsent() throws Exception {
        try (RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", "sync: {interval: 1h, batch_items: 50}\n");
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", my)) {
            PeerWire.pin(id, my);
            hold(my, "MY-G", Tlp.TLP_GREEN, SHARED);
            hold(my, "MY-R", Tlp.TLP_RED, WITHHELD);
            var caller = id.callerOf(my);

            ReportSightingsResponse[] acks = new ReportSightingsResponse[3];
            String[] values = {SHARED, WITHHELD, ABSENT};
            for (int i = 0; i < values.length; i++) {
                ReportSightingsRequest signed = ReportSightingsRequest.parseFrom(SignedSightings.sign(
                        new NodeSigner(id.keys),
                        "MY-PDRM",
                        ReportSightingsRequest.newBuilder()
                                .addSightings(Sighting.newBuilder()
                                        .setSightingId(UUID.randomUUID().toString())
                                        .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                        .setValue(values[i])
                                        .setKind(SightingKind.SIGHTING_KIND_SEEN)
                                        .setSeenAt(Timestamps.fromMillis(0)))));
                acks[i] = caller.reportSightings(signed);
                assertThat(acks[i].getAccepted()).as("receipt of %s", values[i]).isEqualTo(1);
                acks[i] =
                        acks[i].toBuilder().clearSignature().clearRequestHash().build();
            }
            assertThat(acks[1]).as("withheld and absent answer alike").isEqualTo(acks[2]);
            assertThat(acks[0]).isEqualTo(acks[2]);

            assertThat(count(my, SHARED)).isEqualTo(1);
            assertThat(count(my, WITHHELD))
                    .as("a guessed value the reporter was never given is not counted")
                    .isZero();
            assertThat(count(my, ABSENT)).isZero();
        }
    }

    private static void hold(RunningNode node, String caseId, Tlp tlp, String value) {
        node.analyst()
                .putCase(PutCaseRequest.newBuilder()
                        .setCase(Case.newBuilder()
                                .setCaseId(caseId)
                                .addOffences(Offence.OFFENCE_FRAUD)
                                .setDefaultHandling(Handling.newBuilder().setTlp(tlp)))
                        .build());
        node.analyst()
                .addIndicators(AddIndicatorsRequest.newBuilder()
                        .setCaseId(caseId)
                        .addIndicators(Indicator.newBuilder()
                                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                .setValue(value))
                        .build());
    }

    private static int count(RunningNode node, String value) {
        return node
                .analyst()
                .listSightings(ListSightingsRequest.newBuilder()
                        .setValue(LookupQuery.newBuilder().setValue(value))
                        .build())
                .getSummariesList()
                .stream()
                .mapToInt(s -> s.getSeen() + s.getFalsePositive())
                .sum();
    }
}
