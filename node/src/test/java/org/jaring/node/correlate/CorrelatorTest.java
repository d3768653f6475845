package org.jaring.node.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jaring.core.config.StoreSettings;
import org.jaring.node.store.AlertTable;
import org.jaring.node.store.IndicatorTable;
import org.jaring.node.store.PeerCacheTable;
import org.jaring.node.store.RocksStore;
import org.jaring.node.warninglist.Warninglists;
import org.jaring.v1.Alert;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrelatorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private RocksStore store;
    private IndicatorTable indicators;
    private AlertTable alerts;
    private Correlator correlator;

    @BeforeEach
    void open() {
        store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults());
        indicators = new IndicatorTable(store);
        alerts = new AlertTable(store);
        correlator =
                new Correlator("TH-CCIB", indicators, new PeerCacheTable(store), alerts, Warninglists.none(), CLOCK);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Stores the indicators in the case and correlates them, as CaseService does; returns what the write read. */
    private IndicatorTable.PendingPut store(String caseId, Indicator... values) {
        IndicatorTable.PendingPut put = indicators.putAsync(caseId, List.of(values), CLOCK.instant());
        RocksStore.awaitDurable(correlator.localStored(caseId, put));
        return put;
    }

    private static Indicator domain(String caseId, String value) {
        return Indicator.newBuilder()
                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                .setCaseId(caseId)
                .setValue(value)
                .build();
    }

    @Test
    void localCasesSharingAValueAlertBothWaysUntilTheValueIsOverCorrelating() {
        int cases = Correlator.OVER_CORRELATING + 2;
        for (int c = 0; c < cases; c++) {
            String caseId = "case-" + c;
            store(caseId, domain(caseId, "shared-host.example"), domain(caseId, "only-" + c + ".example"));
        }
        List<Alert> raised = alerts.after(0, 10_000);
        // Case k meets the k cases before it, one alert on each side, until 20 cases hold the value.
        int pairs = Correlator.OVER_CORRELATING * (Correlator.OVER_CORRELATING - 1) / 2;
        assertThat(raised).hasSize(2 * pairs);
        assertThat(raised).allMatch(a -> a.getValue().equals("shared-host.example"));
        assertThat(raised)
                .filteredOn(a -> a.getCaseId().equals("case-1"))
                .extracting(Alert::getOtherCase)
                .contains("case-0", "case-2", "case-19")
                .doesNotContain("case-20");
        assertThat(correlator.overCorrelatingSkipped()).isEqualTo(2);
    }

    @Test
    void aRenewedLiveRecordRaisesNothingNewButOneRenewedAfterItExpiredIsMatchedAgain() {
        Indicator expired = domain("case-0", "x.example").toBuilder()
                .setValidUntil(Timestamps.fromMillis(CLOCK.millis() - 1_000))
                .build();
        store("case-0", expired);
        store("case-1", domain("case-1", "x.example"));
        assertThat(alerts.after(0, 100)).isEmpty(); // case-0's record had expired: no match

        IndicatorTable.PendingPut again = store("case-0", domain("case-0", "x.example"));
        assertThat(again.renewed().get(0)).isFalse(); // it replaced an expired record: matched as new
        assertThat(alerts.after(0, 100)).extracting(Alert::getCaseId).containsExactlyInAnyOrder("case-0", "case-1");

        IndicatorTable.PendingPut renewed = store("case-1", domain("case-1", "x.example"));
        assertThat(renewed.renewed().get(0)).isTrue();
        assertThat(alerts.after(0, 100)).hasSize(2);
    }

    @Test
    void theBundledListsSilenceAPlatformDomainButNotAnAccountOnIt() {
        Correlator withLists =
                new Correlator("TH-CCIB", indicators, new PeerCacheTable(store), alerts, Warninglists.bundled(), CLOCK);
        for (String caseId : List.of("case-a", "case-b")) {
            Indicator account = Indicator.newBuilder()
                    .setType(IndicatorType.INDICATOR_TYPE_EMAIL)
                    .setCaseId(caseId)
                    .setValue("refund.desk@outlook.com")
                    .build();
            IndicatorTable.PendingPut put =
                    indicators.putAsync(caseId, List.of(domain(caseId, "mail.google.com"), account), CLOCK.instant());
            RocksStore.awaitDurable(withLists.localStored(caseId, put));
        }
        // The shared webmail account is a lead; the shared platform domain is not.
        assertThat(alerts.after(0, 100))
                .extracting(Alert::getValue)
                .containsExactly("refund.desk@outlook.com", "refund.desk@outlook.com");
    }
}
