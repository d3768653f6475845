package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jaring.core.vocab.Labels;
import org.jaring.v1.Offence;
import org.jaring.v1.RequestState;
import org.jaring.v1.RequestType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --lang on the commands that print code lists, against two real nodes: the labels come from the same files as the
 * console's, the JSON stays codes, and an unknown language is refused with the list of those there are.
 */
class CliLanguageTest {
    @TempDir
    Path dir;

    @Test
    void lookupRequestsAndCasesPrintTheirCodeListsInTheChosenLanguageAndJsonStaysCodes() throws Exception {
        Labels thai = Labels.of("th");
        String fraud = thai.offence(Offence.OFFENCE_FRAUD);
        String delivered = thai.code("requestState", RequestState.DELIVERED);
        assertThat(fraud).isNotEqualTo(Labels.of("en").offence(Offence.OFFENCE_FRAUD));
        try (CliNode th = CliNode.init(dir.resolve("th"), "TH-CCIB")
                        .lookupDeadline("30s")
                        .start();
                CliNode my = CliNode.init(dir.resolve("my"), "MY-PDRM").start()) {
            th.pin(my, dir);
            my.pin(th, dir);
            my.cli("case", "create", "MY-9", "--title", "Investment app", "--offence", "CC.FRAUD", "--tlp", "GREEN")
                    .ok();
            my.cli("case", "add", "MY-9", "fake-investment-app.example").ok();

            String[] lookup = {
                "lookup", "fake-investment-app.example", "--case-ref", "TH-2026-0042", "--legal-basis", "budapest"
            };
            // without --lang: the codes, as scripts have always read them
            assertThat(th.cli(lookup).ok().out()).contains("CC.FRAUD").doesNotContain(fraud);
            String inThai = th.cli(concat(lookup, "--lang", "th")).ok().out();
            assertThat(inThai)
                    .contains(fraud)
                    .contains(thai.code("peerOutcome", org.jaring.v1.PeerOutcome.PEER_OUTCOME_ANSWERED))
                    .doesNotContain("CC.FRAUD");
            // JSON is the wire contract's: codes whatever the language
            assertThat(th.cli(concat(lookup, "--lang", "th", "--json")).ok().out())
                    .contains("OFFENCE_FRAUD")
                    .doesNotContain(fraud);
            assertThat(my.cli("case", "list", "--lang", "th").ok().out()).contains(fraud);
            assertThat(my.cli("case", "show", "MY-9", "--lang", "th").ok().out())
                    .contains(fraud);

            th.cli(
                            "request",
                            "new",
                            "--to",
                            "MY-PDRM",
                            "--type",
                            "preservation",
                            "--legal-basis",
                            "budapest",
                            "--offence",
                            "CC.FRAUD",
                            "--facts",
                            "Investment fraud app",
                            "--data-sought",
                            "hosting account")
                    .ok();
            String list = my.cli("request", "list", "--lang", "th").ok().out();
            assertThat(list).contains(delivered).contains(thai.code("requestType", RequestType.EXPEDITED_PRESERVATION));
            String id = list.lines()
                    .filter(l -> l.contains("TH-CCIB"))
                    .findFirst()
                    .orElseThrow()
                    .split(" +")[0];
            assertThat(my.cli("request", "show", id, "--lang", "th").ok().out())
                    .contains(delivered)
                    .contains(fraud)
                    .contains(thai.legalBasis(org.jaring.v1.LegalBasis.LEGAL_BASIS_BUDAPEST));
            assertThat(my.cli("request", "list", "--lang", "th", "--json").ok().out())
                    .contains("DELIVERED")
                    .doesNotContain(delivered);

            // an unknown language is refused before anything is asked, naming the ones there are
            CliNode.Run klingon = th.cli(concat(lookup, "--lang", "tlh"));
            assertThat(klingon.exit()).isNotZero();
            assertThat(klingon.err()).contains("--lang").contains("tlh").contains("en, th, ms, id, vi, fil");
            assertThat(my.cli("request", "list", "--lang", "xx").err()).contains("en, th, ms, id, vi, fil");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
