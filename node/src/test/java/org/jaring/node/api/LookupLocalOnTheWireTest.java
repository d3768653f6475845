package org.jaring.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import java.nio.file.Path;
import java.util.List;
import org.jaring.node.RunningNode;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupLocalResponse;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PutCaseRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LookupLocal over mutual TLS answers with bytes the node writes itself, the stored records copied in without being
 * decoded (cases/LocalLookupWire). What the analyst receives must be exactly the in-process answer: the same
 * results in query order, the same records per value, expired records left out, warninglist names and misses.
 */
class LookupLocalOnTheWireTest {
    @TempDir
    Path dir;

    private static Indicator indicator(IndicatorType type, String value) {
        return Indicator.newBuilder()
                .setType(type)
                .setValue(value)
                .setConfidence(80)
                .addOffences(Offence.OFFENCE_FRAUD)
                .setNote("seen in the parcel scam")
                .build();
    }

    private static void addCase(RunningNode node, String caseId, Indicator... indicators) {
        node.analyst()
                .putCase(PutCaseRequest.newBuilder()
                        .setCase(Case.newBuilder().setCaseId(caseId).addOffences(Offence.OFFENCE_FRAUD))
                        .build());
        node.analyst()
                .addIndicators(AddIndicatorsRequest.newBuilder()
                        .setCaseId(caseId)
                        .addAllIndicators(List.of(indicators))
                        .build());
    }

    private static LookupQuery query(IndicatorType type, String value) {
        return LookupQuery.newBuilder().setType(type).setValue(value).build();
    }

    @Test
    void theAnswerOnTheWireIsTheInProcessAnswer() throws Exception {
        try (RunningNode node = new RunningNode(dir, "TH-CCIB", "expiry_purge_interval: 1h\n")) {
            // Already expired when stored, so no test waits for it to expire; the purge (hourly here) has not run.
            Indicator expired = indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "short-lived.example").toBuilder()
                    .setValidUntil(Timestamps.fromMillis(System.currentTimeMillis() - 60_000))
                    .build();
            addCase(
                    node,
                    "TH-1",
                    expired,
                    indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "shared-host.example"),
                    indicator(IndicatorType.INDICATOR_TYPE_URL, "https://shared-host.example/pay"),
                    indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "docs.google.com"));
            addCase(
                    node,
                    "TH-2",
                    indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "shared-host.example"),
                    indicator(IndicatorType.INDICATOR_TYPE_EMAIL, "refund.desk@outlook.com"));

            LookupLocalRequest request = LookupLocalRequest.newBuilder()
                    .addQueries(query(IndicatorType.INDICATOR_TYPE_DOMAIN, "SHARED-HOST[.]example"))
                    .addQueries(query(IndicatorType.INDICATOR_TYPE_DOMAIN, "short-lived.example"))
                    .addQueries(query(IndicatorType.INDICATOR_TYPE_URL, "hxxps://shared-host[.]example/pay"))
                    .addQueries(query(IndicatorType.INDICATOR_TYPE_DOMAIN, "docs.google.com"))
                    .addQueries(query(IndicatorType.INDICATOR_TYPE_UNSPECIFIED, "refund.desk@outlook.com"))
                    .addQueries(query(IndicatorType.INDICATOR_TYPE_DOMAIN, "nothing-here.example"))
                    .build();
            LookupLocalResponse onTheWire = node.analyst().lookupLocal(request);
            LookupLocalResponse inProcess = node.node.cases().lookupLocal(request);

            assertThat(onTheWire).isEqualTo(inProcess);
            assertThat(onTheWire.getResultsList())
                    .extracting(r -> r.getIndicatorsCount())
                    .containsExactly(2, 0, 1, 1, 1, 0);
            assertThat(onTheWire.getResults(0).getIndicatorsList())
                    .extracting(Indicator::getCaseId)
                    .containsExactlyInAnyOrder("TH-1", "TH-2");
            assertThat(onTheWire.getResults(0).getIndicators(0).getNote()).isEqualTo("seen in the parcel scam");
            assertThat(onTheWire.getResults(3).getWarninglist()).isEqualTo("Very common domains");
            assertThat(onTheWire.getResults(4).getType()).isEqualTo(IndicatorType.INDICATOR_TYPE_EMAIL);
            assertThat(onTheWire.getResults(4).getWarninglist()).isEmpty();
        }
    }
}
