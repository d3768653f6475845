package org.jaring.cli.demo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.core.indicator.InvalidIndicatorException;
import org.jaring.v1.IndicatorType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SampleValuesTest {
    private static final String[] COUNTRIES = {"TH", "MY", "SG", "ID", "PH", "VN", "KH", "LA", "MM", "BN", "DE"};

    @ParameterizedTest
    @EnumSource(
            value = IndicatorType.class,
            names = {"INDICATOR_TYPE_UNSPECIFIED", "UNRECOGNIZED"},
            mode = EnumSource.Mode.EXCLUDE)
    void aThousandSamplesPerTypeAllCanonicalize(IndicatorType type) throws InvalidIndicatorException {
        allCanonicalize(type, 1_000);
    }

    /** The longer run, in the slow profile ({@code -P slow}): the same seeds, ten times as many samples. */
    @Tag("slow")
    @ParameterizedTest
    @EnumSource(
            value = IndicatorType.class,
            names = {"INDICATOR_TYPE_UNSPECIFIED", "UNRECOGNIZED"},
            mode = EnumSource.Mode.EXCLUDE)
    void tenThousandSamplesPerTypeAllCanonicalize(IndicatorType type) throws InvalidIndicatorException {
        allCanonicalize(type, 10_000);
    }

    /** The first {@code n} samples of {@code type} canonicalize, to a fixed point, and at least a tenth differ. */
    private static void allCanonicalize(IndicatorType type, int n) throws InvalidIndicatorException {
        SampleValues samples = new SampleValues(20240917L + type.getNumber());
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String country = COUNTRIES[i % COUNTRIES.length];
            // Phones in national format are read in the country they were made for, as that country's node would.
            Canonicalizer canonicalizer = new Canonicalizer(country);
            String raw = samples.next(type, country);
            CanonicalValue value;
            try {
                value = canonicalizer.canonicalize(type, raw);
            } catch (InvalidIndicatorException e) {
                throw new AssertionError("sample " + i + " '" + raw + "' refused: " + e.getMessage(), e);
            }
            assertThat(canonicalizer.canonicalize(value.type(), value.value())).isEqualTo(value);
            distinct.add(value.value());
        }
        assertThat(distinct.size()).as("distinct values").isGreaterThan(n / 10);
    }

    @Test
    void sameSeedGivesTheSameSequence() {
        SampleValues a = new SampleValues(42);
        SampleValues b = new SampleValues(42);
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            for (IndicatorType type : IndicatorType.values()) {
                if (type != IndicatorType.UNRECOGNIZED && type.getNumber() > 0) {
                    first.add(a.next(type, COUNTRIES[i % COUNTRIES.length]));
                    second.add(b.next(type, COUNTRIES[i % COUNTRIES.length]));
                }
            }
        }
        assertThat(first).isEqualTo(second);
        assertThat(new SampleValues(43).next(IndicatorType.INDICATOR_TYPE_SHA256, "TH"))
                .isNotEqualTo(first.get(12));
    }

    @Test
    void unspecifiedTypeIsRefused() {
        assertThatThrownBy(() -> new SampleValues(1).next(IndicatorType.INDICATOR_TYPE_UNSPECIFIED, "TH"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
