package org.jaring.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndicatorTableTest {
    private static final IndicatorType DOMAIN = IndicatorType.INDICATOR_TYPE_DOMAIN;
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;

    private static Indicator indicator(String caseId, String value) {
        return Indicator.newBuilder()
                .setType(DOMAIN)
                .setValue(value)
                .setCaseId(caseId)
                .addOffences(Offence.OFFENCE_FRAUD)
                .setConfidence(80)
                .build();
    }

    private static CanonicalValue domain(String value) {
        return new CanonicalValue(DOMAIN, value);
    }

    @Test
    void writtenRecordsSurviveReopening() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            IndicatorTable table = new IndicatorTable(store);
            assertThat(table.put("case-1", List.of(indicator("case-1", "a.example"), indicator("case-1", "b.example"))))
                    .isEqualTo(new IndicatorTable.PutResult(2, 2));
            table.put("case-2", List.of(indicator("case-2", "a.example")));
        }
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            IndicatorTable table = new IndicatorTable(store);
            List<List<Indicator>> found =
                    table.lookup(List.of(domain("a.example"), domain("b.example"), domain("c.example")), NOW);
            assertThat(found.get(0)).extracting(Indicator::getCaseId).containsExactlyInAnyOrder("case-1", "case-2");
            assertThat(found.get(1)).extracting(Indicator::getCaseId).containsExactly("case-1");
            assertThat(found.get(2)).isEmpty();
            assertThat(table.listCase("case-1", NOW))
                    .extracting(Indicator::getValue)
                    .containsExactly("a.example", "b.example");
        }
    }

    @Test
    void updatingAnIndicatorReplacesItsRecordInThatCaseOnly() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            IndicatorTable table = new IndicatorTable(store);
            table.put("case-1", List.of(indicator("case-1", "a.example")));
            table.put("case-2", List.of(indicator("case-2", "a.example")));
            IndicatorTable.PutResult again = table.put(
                    "case-1",
                    List.of(indicator("case-1", "a.example").toBuilder()
                            .setConfidence(30)
                            .build()));
            assertThat(again).isEqualTo(new IndicatorTable.PutResult(1, 0));
            List<Indicator> records =
                    table.lookup(List.of(domain("a.example")), NOW).get(0);
            assertThat(records).hasSize(2);
            assertThat(records)
                    .filteredOn(i -> i.getCaseId().equals("case-1"))
                    .extracting(Indicator::getConfidence)
                    .containsExactly(30);
        }
    }

    @Test
    void expiredRecordsAreHiddenAtOnceAndPurgedLater() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            IndicatorTable table = new IndicatorTable(store);
            Indicator expiring = indicator("case-1", "short.example").toBuilder()
                    .setValidUntil(Timestamps.fromMillis(NOW.plusSeconds(60).toEpochMilli()))
                    .build();
            table.put("case-1", List.of(expiring, indicator("case-1", "long.example")));
            table.put("case-2", List.of(indicator("case-2", "short.example")));

            assertThat(table.lookup(List.of(domain("short.example")), NOW).get(0))
                    .hasSize(2);
            Instant later = NOW.plusSeconds(61);
            assertThat(table.lookup(List.of(domain("short.example")), later).get(0))
                    .extracting(Indicator::getCaseId)
                    .containsExactly("case-2");
            assertThat(table.listCase("case-1", later))
                    .extracting(Indicator::getValue)
                    .containsExactly("long.example");

            assertThat(table.purgeExpired(NOW, 100)).isZero();
            assertThat(table.purgeExpired(later, 100)).isEqualTo(1);
            assertThat(table.purgeExpired(later, 100)).isZero();
            // Purged for real: visible even to a reader that ignores expiry (an instant before it).
            assertThat(table.lookup(List.of(domain("short.example")), NOW).get(0))
                    .extracting(Indicator::getCaseId)
                    .containsExactly("case-2");
        }
    }

    @Test
    void extendingValidityMovesTheExpiryEntry() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            IndicatorTable table = new IndicatorTable(store);
            Indicator.Builder i = indicator("case-1", "x.example").toBuilder();
            table.put(
                    "case-1",
                    List.of(i.setValidUntil(Timestamps.fromMillis(NOW.toEpochMilli() + 1000))
                            .build()));
            table.put(
                    "case-1",
                    List.of(i.setValidUntil(Timestamps.fromMillis(NOW.toEpochMilli() + 100_000))
                            .build()));
            assertThat(table.purgeExpired(NOW.plusSeconds(10), 100)).isZero();
            assertThat(table.lookup(List.of(domain("x.example")), NOW.plusSeconds(10))
                            .get(0))
                    .hasSize(1);
        }
    }

    @Test
    void withdrawalRemovesOneCaseRecordAndIsReportedWhenAbsent() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            IndicatorTable table = new IndicatorTable(store);
            table.put("case-1", List.of(indicator("case-1", "a.example")));
            table.put("case-2", List.of(indicator("case-2", "a.example")));
            assertThat(table.withdraw("case-1", domain("a.example"))).isTrue();
            assertThat(table.withdraw("case-1", domain("a.example"))).isFalse();
            assertThat(table.lookup(List.of(domain("a.example")), NOW).get(0))
                    .extracting(Indicator::getCaseId)
                    .containsExactly("case-2");
            assertThat(table.listCase("case-1", NOW)).isEmpty();
        }
    }

    @Test
    void aDataFolderOfAnotherNodeIsRefused() {
        RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults()).close();
        assertThatThrownBy(() -> RocksStore.open(dir, "MY-PDRM", StoreSettings.defaults()))
                .hasMessageContaining("belongs to node 'TH-CCIB'");
    }

    @Test
    void theStoreCannotBeOpenedTwice() {
        try (RocksStore first = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            assertThat(first.isOpen()).isTrue();
            assertThatThrownBy(() -> RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults()))
                    .hasMessageContaining("another node process");
        }
    }

    @Test
    void aValueHeldByManyCasesKeepsOneRecordPerCaseAndCorrelationSeesAtMostTheKeptNumber() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            IndicatorTable table = new IndicatorTable(store);
            int cases = IndicatorTable.OTHER_CASES_KEPT + 10;
            for (int c = 1; c <= cases; c++) {
                IndicatorTable.PendingPut put =
                        table.putAsync("case-" + c, List.of(indicator("case-" + c, "hot.example")), NOW);
                RocksStore.awaitDurable(put.durable());
                assertThat(put.result()).isEqualTo(new IndicatorTable.PutResult(1, 1));
                assertThat(put.otherCases().get(0))
                        .hasSize(Math.min(c - 1, IndicatorTable.OTHER_CASES_KEPT))
                        .extracting(Indicator::getCaseId)
                        .doesNotContain("case-" + c);
            }
            // A case's second record replaces its first in place of the list; the others stay as they were.
            IndicatorTable.PendingPut again = table.putAsync(
                    "case-7",
                    List.of(indicator("case-7", "hot.example").toBuilder()
                            .setConfidence(11)
                            .build()),
                    NOW);
            RocksStore.awaitDurable(again.durable());
            assertThat(again.result()).isEqualTo(new IndicatorTable.PutResult(1, 0));
            assertThat(again.otherCases().get(0))
                    .extracting(Indicator::getCaseId)
                    .doesNotContain("case-7");
            List<Indicator> records =
                    table.lookup(List.of(domain("hot.example")), NOW).get(0);
            assertThat(records)
                    .extracting(Indicator::getCaseId)
                    .doesNotHaveDuplicates()
                    .hasSize(cases)
                    .endsWith("case-7");
            assertThat(records)
                    .filteredOn(i -> i.getCaseId().equals("case-7"))
                    .extracting(Indicator::getConfidence)
                    .containsExactly(11);
        }
    }

    @Test
    void correlationIsNotHandedExpiredRecordsOfOtherCases() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            IndicatorTable table = new IndicatorTable(store);
            table.put(
                    "case-old",
                    List.of(indicator("case-old", "x.example").toBuilder()
                            .setValidUntil(
                                    Timestamps.fromMillis(NOW.minusSeconds(1).toEpochMilli()))
                            .build()));
            table.put("case-live", List.of(indicator("case-live", "x.example")));
            IndicatorTable.PendingPut put =
                    table.putAsync("case-new", List.of(indicator("case-new", "x.example")), NOW);
            RocksStore.awaitDurable(put.durable());
            assertThat(put.otherCases().get(0)).extracting(Indicator::getCaseId).containsExactly("case-live");
        }
    }
}
