package org.jaring.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.util.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        Indicator.Builder b = Indicator.newBuilder()
                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                .setValue("shared.example")
                .setCaseId(caseId)
                .addOffences(Offence.OFFENCE_FRAUD)
                .setConfidence(60)
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
        assertThat(entries.live(0, NOW)).isFalse(); // valid_until passed
        assertThat(entries.live(1, NOW)).isTrue(); // valid_until ahead
        assertThat(entries.live(2, NOW)).isTrue(); // no valid_until

        Indicator replacement =
                record("case-17", null).toBuilder().setConfidence(5).build();
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
    void liveRecordsAreTheStoredBytesOfEveryRecordNotExpiredAtNow() {
        List<Indicator> stored = List.of(
                record("expired", NOW - 1),
                record("ends-now", NOW), // valid_until is the first instant it is no longer returned
                record("ends-later", NOW + 1),
                record("no-expiry", null),
                record("ends-within-the-millisecond", NOW).toBuilder()
                        .setValidUntil(Timestamps.fromNanos(NOW * 1_000_000 + 999_999))
                        .build(),
                record("expired-long-ago", 0L));
        byte[] bytes = IndicatorRecords.encode(stored);

        List<ByteString> live = IndicatorRecords.liveRecords(bytes, NOW);

        assertThat(live)
                .containsExactly(stored.get(2).toByteString(), stored.get(3).toByteString());
        assertThat(IndicatorRecords.liveRecords(bytes, NOW - 2)).hasSize(5);
        assertThat(IndicatorRecords.liveRecords(null, NOW)).isEmpty();
        assertThat(IndicatorRecords.liveRecords(new byte[0], NOW)).isEmpty();
    }

    @Test
    void liveRecordsReadValidUntilWhereverItStandsAndSkipEveryOtherField() {
        // Another writer may order fields differently or add fields this version does not know; the record
        // must still be judged by its own valid_until and passed on byte for byte.
        Indicator expired = record("reordered", NOW - 1);
        ByteString reordered = ByteString.copyFrom(concat(
                Indicator.newBuilder()
                        .setValidUntil(expired.getValidUntil())
                        .build()
                        .toByteArray(),
                expired.toBuilder().clearValidUntil().build().toByteArray(),
                unknownField(99, "from a newer node")));
        Indicator live = record("unknown-field", NOW + 60_000);
        ByteString withUnknown = ByteString.copyFrom(concat(unknownField(99, "from a newer node"), live.toByteArray()));
        byte[] bytes = concat(framed(reordered), framed(withUnknown));

        assertThat(IndicatorRecords.liveRecords(bytes, NOW)).containsExactly(withUnknown);
        assertThat(IndicatorRecords.liveRecords(bytes, NOW - 2)).containsExactly(reordered, withUnknown);
        assertThat(IndicatorRecords.index(bytes).live(0, NOW)).isFalse(); // the write path's index agrees
        assertThat(IndicatorRecords.index(bytes).live(1, NOW)).isTrue();
    }

    @Test
    void aValueCutShortIsCorruptNotAShorterList() {
        byte[] bytes = IndicatorRecords.encode(List.of(record("case-1", null), record("case-2", null)));
        assertThatThrownBy(() -> IndicatorRecords.index(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt indicator record");
        assertThatThrownBy(() -> IndicatorRecords.liveRecords(Arrays.copyOf(bytes, bytes.length - 3), NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt indicator record");
    }

    @Test
    void aValidUntilOutsideTimestampsRangeIsCorruptNotForever() {
        ByteString bad = record("bad-expiry", null).toBuilder()
                .setValidUntil(Timestamp.newBuilder().setSeconds(1).setNanos(-5))
                .build()
                .toByteString();
        assertThatThrownBy(() -> IndicatorRecords.liveRecords(framed(bad), NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt indicator record");
        assertThatThrownBy(() -> IndicatorRecords.index(framed(bad)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt indicator record");
    }

    private static byte[] framed(ByteString record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            CodedOutputStream s = CodedOutputStream.newInstance(out);
            s.writeUInt32NoTag(record.size());
            s.writeRawBytes(record);
            s.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] unknownField(int number, String text) {
        return UnknownFieldSet.newBuilder()
                .addField(
                        number,
                        UnknownFieldSet.Field.newBuilder()
                                .addLengthDelimited(ByteString.copyFromUtf8(text))
                                .build())
                .build()
                .toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
