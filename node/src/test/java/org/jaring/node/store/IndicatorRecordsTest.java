package org.jaring.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;

class IndicatorRecordsTest {
    private static final long NOW = Timestamps.toMillis(Timestamps.parseUnchecked("2026-11-29T06:00:00Z"));

    private static Indicator record(String caseId, Long validUntil) {
        Indicator.Builder b = Indicator.newBuilder().setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                .setValue("shared.example").setCaseId(caseId).addOffences(Offence.OFFENCE_FRAUD).setConfidence(60)
                .setNote("a note after the case and before valid_until in field order")
                .setHandling(Handling.newBuilder().setTlp(Tlp.TLP_AMBER));
        if (validUntil != null) {
            b.setValidUntil(Timestamps.fromMillis(validUntil));
        }
        return b.build();
    }

    @Test
    void theIndexFindsEachCaseAndItsValidityWithoutChangingAByteOfTheOthers() {
        List<Indicator> stored = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            Long validUntil = c % 3 == 0 ? Long.valueOf(NOW - 1) : c % 3 == 1 ? Long.valueOf(NOW + 60_000) : null;
            stored.add(record("case-" + c, validUntil));
        }
        byte[] bytes = IndicatorRecords.encode(stored);
        IndicatorRecords.Entries entries = IndicatorRecords.index(bytes);

        assertThat(entries.size()).isEqualTo(50);
        assertThat(entries.indexOfCase("case-17")).isEqualTo(17);
        assertThat(entries.indexOfCase("case-99")).isEqualTo(-1);
        assertThat(entries.decode(17)).isEqualTo(stored.get(17));
        assertThat(entries.live(0, NOW)).isFalse();   // valid_until passed
        assertThat(entries.live(1, NOW)).isTrue();    // valid_until ahead
        assertThat(entries.live(2, NOW)).isTrue();    // no valid_until

        Indicator replacement = record("case-17", null).toBuilder().setConfidence(5).build();
        List<Indicator> expected = new ArrayList<>(stored);
        expected.remove(17);
        expected.add(replacement);
        assertThat(entries.with(17, replacement)).isEqualTo(IndicatorRecords.encode(expected));

        Indicator added = record("case-50", null);
        List<Indicator> appended = new ArrayList<>(stored);
        appended.add(added);
        assertThat(entries.with(-1, added)).isEqualTo(IndicatorRecords.encode(appended));
        assertThat(IndicatorRecords.index(null).with(-1, added)).isEqualTo(IndicatorRecords.encode(List.of(added)));
    }

    @Test
    void aValueCutShortIsCorruptNotAShorterList() {
        byte[] bytes = IndicatorRecords.encode(List.of(record("case-1", null), record("case-2", null)));
        assertThatThrownBy(() -> IndicatorRecords.index(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt indicator record");
    }
}
