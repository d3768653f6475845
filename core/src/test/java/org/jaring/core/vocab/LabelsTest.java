package org.jaring.core.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.Offence;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.RefusalGround;
import org.jaring.v1.RequestState;
import org.jaring.v1.RequestType;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;

/** The labels files: complete in every language, covering every code of the wire contract, each with its status. */
class LabelsTest {
    private static final List<String> SECTIONS = List.of(
            "ui",
            "offence",
            "tlp",
            "requestType",
            "requestState",
            "legalBasis",
            "refusalGround",
            "peerOutcome",
            "country");

    @Test
    void everyLanguageLabelsEveryKeyOfEnglishAndSaysWhetherItWasReviewed() {
        JsonNode en = Labels.of("en").tree();
        for (String lang : Labels.LANGUAGES) {
            Labels labels = Labels.of(lang);
            assertThat(labels.status()).as(lang).isIn("reviewed", "machine-drafted");
            assertThat(labels.tree().path("_language").asText()).isEqualTo(lang);
            List<String> missing = new ArrayList<>();
            for (String section : SECTIONS) {
                en.path(section).fieldNames().forEachRemaining(k -> {
                    JsonNode v = labels.tree().path(section).path(k);
                    if (!v.isTextual() || v.asText().isBlank()) {
                        missing.add(section + "." + k);
                    }
                });
                labels.tree()
                        .path(section)
                        .fieldNames()
                        .forEachRemaining(k -> assertThat(en.path(section).has(k))
                                .as("%s has %s.%s, which English lacks", lang, section, k)
                                .isTrue());
            }
            assertThat(missing).as("labels missing in %s", lang).isEmpty();
        }
        // the drafts of this change are machine-made and say so, until a speaker reviews them
        for (String lang : List.of("th", "ms", "id", "vi", "fil")) {
            assertThat(Labels.of(lang).status()).isEqualTo("machine-drafted");
        }
    }

    @Test
    void everyCodeOfTheWireContractHasAnEnglishLabel() {
        Labels en = Labels.of("en");
        for (Offence o : Offence.values()) {
            if (o != Offence.OFFENCE_UNSPECIFIED && o != Offence.UNRECOGNIZED) {
                assertThat(en.offence(o)).as(o.name()).isNotEqualTo(OffenceCodes.code(o));
            }
        }
        for (Tlp t : Tlp.values()) {
            if (t != Tlp.TLP_UNSPECIFIED && t != Tlp.UNRECOGNIZED) {
                assertThat(en.tlp(t)).isEqualTo("TLP:" + TlpNames.label(t));
            }
        }
        for (LegalBasis b : LegalBasis.values()) {
            if (b != LegalBasis.LEGAL_BASIS_UNSPECIFIED && b != LegalBasis.UNRECOGNIZED) {
                assertThat(en.legalBasis(b)).as(b.name()).isNotEqualTo(LegalBases.name(b));
            }
        }
        checkEnum(en, "requestType", RequestType.values());
        checkEnum(en, "requestState", RequestState.values());
        checkEnum(en, "refusalGround", RefusalGround.values());
        checkEnum(en, "peerOutcome", PeerOutcome.values());
    }

    private static void checkEnum(Labels en, String section, Enum<?>[] values) {
        for (Enum<?> v : values) {
            if (!v.name().endsWith("UNSPECIFIED") && !v.name().equals("UNRECOGNIZED")) {
                assertThat(en.tree().path(section).has(v.name()))
                        .as("%s.%s", section, v.name())
                        .isTrue();
            }
        }
    }

    @Test
    void languagesAreNamedAsPeopleWriteThemAndAMissingLabelFallsBackToEnglishThenTheCode() {
        assertThat(Labels.normalise("th_TH")).isEqualTo("th");
        assertThat(Labels.normalise("fil-PH")).isEqualTo("fil");
        assertThat(Labels.normalise("tl")).isEqualTo("fil");
        assertThat(Labels.normalise(" VI ")).isEqualTo("vi");
        assertThatThrownBy(() -> Labels.of("xx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("en, th, ms, id, vi, fil");
        assertThat(Labels.of("th").get("ui", "no.such.key")).isEqualTo("no.such.key");
        assertThat(Labels.of("th").offence(Offence.OFFENCE_FRAUD))
                .isNotEqualTo(Labels.of("en").offence(Offence.OFFENCE_FRAUD));
        // the tree handed out is a copy: changing it changes nothing for the next reader
        Labels.of("ms").tree().putObject("ui").put("nav.ask", "changed");
        assertThat(Labels.of("ms").get("ui", "nav.ask")).isEqualTo("Tanya");
    }
}
