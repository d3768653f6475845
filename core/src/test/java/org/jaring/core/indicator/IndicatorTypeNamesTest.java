package org.jaring.core.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.jaring.v1.IndicatorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IndicatorTypeNamesTest {
    @ParameterizedTest
    @EnumSource(
            value = IndicatorType.class,
            names = {"INDICATOR_TYPE_UNSPECIFIED", "UNRECOGNIZED"},
            mode = EnumSource.Mode.EXCLUDE)
    void everyConcreteTypeHasANameThatParsesBack(IndicatorType type) {
        String name = IndicatorTypeNames.name(type);
        assertThat(IndicatorTypeNames.parse(name)).isEqualTo(type);
        assertThat(IndicatorTypeNames.parse(" " + name.toUpperCase(Locale.ROOT) + " "))
                .isEqualTo(type);
    }

    @Test
    void namesAreTheDocumentedOnes() {
        assertThat(IndicatorTypeNames.all().keySet())
                .containsExactly(
                        "ipv4",
                        "ipv6",
                        "cidr",
                        "domain",
                        "url",
                        "email",
                        "phone",
                        "iban",
                        "bank-account",
                        "wallet",
                        "md5",
                        "sha1",
                        "sha256",
                        "sha512",
                        "handle");
        assertThat(IndicatorTypeNames.parse("BANK_ACCOUNT")).isEqualTo(IndicatorType.INDICATOR_TYPE_BANK_ACCOUNT);
    }

    @Test
    void unknownNamesListTheAcceptedOnes() {
        assertThatThrownBy(() -> IndicatorTypeNames.parse("ip"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown indicator type 'ip'")
                .hasMessageContaining("ipv4, ipv6, cidr");
        assertThatThrownBy(() -> IndicatorTypeNames.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndicatorTypeNames.name(IndicatorType.INDICATOR_TYPE_UNSPECIFIED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
