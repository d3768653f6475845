package org.jaring.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store written with keys of canonical rules version 1 is re-keyed once, on start-up, without losing a record. */
class CanonicalRekeyTest {
    private static final Canonicalizer TH = new Canonicalizer("TH");

    @TempDir
    Path dir;

    private static Indicator record(String caseId, IndicatorType type, String value) {
        return Indicator.newBuilder()
                .setType(type)
                .setValue(value)
                .setCaseId(caseId)
                .setNote("kept through the move")
                .setHandling(org.jaring.v1.Handling.newBuilder().setTlp(Tlp.TLP_AMBER))
                .build();
    }

    @Test
    void oldRuleKeysMoveToNewKeysAndTheVersionIsRecorded() {
        // Keys as version 1 wrote them: URL paths byte for byte, so "%7e" and "/./" are part of the key.
        String oldUrl = "http://evil.com/a/./%7euser";
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            IndicatorTable table = new IndicatorTable(store);
            table.put("case-1", List.of(record("case-1", IndicatorType.INDICATOR_TYPE_URL, oldUrl)));
            table.put("case-2", List.of(record("case-2", IndicatorType.INDICATOR_TYPE_URL, oldUrl)));
            table.put("case-1", List.of(record("case-1", IndicatorType.INDICATOR_TYPE_DOMAIN, "evil.com")));
            // Accepted by version 1, a file name to version 2: kept, not lost.
            table.put("case-1", List.of(record("case-1", IndicatorType.INDICATOR_TYPE_DOMAIN, "evil.exe")));
            assertThat(CanonicalRekey.storedVersion(store)).isEqualTo(1);
        }
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            IndicatorTable table = new IndicatorTable(store);
            CanonicalRekey.Result result = CanonicalRekey.run(store, table, TH);

            assertThat(result).isEqualTo(new CanonicalRekey.Result(true, 1, 3, 2, 1));
            assertThat(CanonicalRekey.storedVersion(store)).isEqualTo(Canonicalizer.RULES_VERSION);
            Instant now = Instant.now();
            CanonicalValue newKey = new CanonicalValue(IndicatorType.INDICATOR_TYPE_URL, "http://evil.com/a/~user");
            CanonicalValue oldKey = new CanonicalValue(IndicatorType.INDICATOR_TYPE_URL, oldUrl);
            List<List<Indicator>> found = table.lookup(List.of(newKey, oldKey), now);
            assertThat(found.get(0)).extracting(Indicator::getCaseId).containsExactlyInAnyOrder("case-1", "case-2");
            assertThat(found.get(0)).allSatisfy(i -> {
                assertThat(i.getNote()).isEqualTo("kept through the move");
                assertThat(i.getHandling().getTlp()).isEqualTo(Tlp.TLP_AMBER);
            });
            assertThat(found.get(1)).isEmpty();
            assertThat(table.listCase("case-1", now))
                    .extracting(Indicator::getValue)
                    .containsExactlyInAnyOrder("http://evil.com/a/~user", "evil.com", "evil.exe");
            assertThat(table.listCase("case-2", now))
                    .extracting(Indicator::getValue)
                    .containsExactly("http://evil.com/a/~user");

            // Once on the current rules, a start-up does nothing.
            assertThat(CanonicalRekey.run(store, table, TH).ran()).isFalse();
        }
    }

    @Test
    void aFreshStoreIsMarkedCurrentWithNothingToMove() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            CanonicalRekey.Result result = CanonicalRekey.run(store, new IndicatorTable(store), TH);
            assertThat(result.moved()).isZero();
            assertThat(CanonicalRekey.storedVersion(store)).isEqualTo(Canonicalizer.RULES_VERSION);
        }
    }
}
