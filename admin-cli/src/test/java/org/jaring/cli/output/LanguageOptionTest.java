package org.jaring.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jaring.cli.UserError;
import org.jaring.core.vocab.Labels;
import org.jaring.v1.Offence;
import org.jaring.v1.RequestState;
import org.junit.jupiter.api.Test;

/** Which language a command prints in: --lang, else JARING_LANG, else the codes; an unknown one is refused. */
class LanguageOptionTest {
    @Test
    void theOptionWinsOverTheEnvironmentAndNeitherMeansCodes() {
        assertThat(LanguageOption.names(null, null).offence(Offence.OFFENCE_FRAUD))
                .isEqualTo("CC.FRAUD");
        assertThat(LanguageOption.names(null, " ").requestState(RequestState.DELIVERED))
                .isEqualTo("delivered");
        assertThat(LanguageOption.names(null, "vi").offence(Offence.OFFENCE_FRAUD))
                .isEqualTo(Labels.of("vi").offence(Offence.OFFENCE_FRAUD));
        assertThat(LanguageOption.names("th", "vi").requestState(RequestState.DELIVERED))
                .isEqualTo(Labels.of("th").code("requestState", RequestState.DELIVERED));
    }

    @Test
    void anUnknownLanguageIsRefusedNamingWhereItCameFromAndTheSupportedOnes() {
        assertThatThrownBy(() -> LanguageOption.names("xx", null))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("--lang: ")
                .hasMessageContaining("en, th, ms, id, vi, fil");
        assertThatThrownBy(() -> LanguageOption.names(null, "klingon"))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("JARING_LANG: ");
    }
}
