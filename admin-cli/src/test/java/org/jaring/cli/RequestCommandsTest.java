package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jaring request ... and requests overdue against two real nodes. */
class RequestCommandsTest {
    private static final Pattern ID = Pattern.compile("Request ([0-9a-f-]{36})");

    @TempDir
    Path dir;

    private static String id(CliNode.Run run) {
        Matcher m = ID.matcher(run.out());
        assertThat(m.find()).as(run.all()).isTrue();
        return m.group(1);
    }

    @Test
    void aPreservationRequestFromAHitIsAcknowledgedAnsweredAndShownAlikeOnBothSides() throws Exception {
        try (CliNode th = CliNode.init(dir.resolve("th"), "TH-CCIB")
                        .lookupDeadline("30s")
                        .start();
                CliNode my = CliNode.init(dir.resolve("my"), "MY-PDRM").start()) {
            th.pin(my, dir);
            my.pin(th, dir);
            my.holds("MY-9", "fake-investment-app.example");

            CliNode.Run sent = th.cli(
                            "request",
                            "from-hit",
                            "FAKE-investment-app.example",
                            "--origin",
                            "MY-PDRM",
                            "--type",
                            "preservation",
                            "--legal-basis",
                            "budapest",
                            "--file-number",
                            "TH-2026-0042",
                            "--offence",
                            "CC.FRAUD",
                            "--facts",
                            "Investment fraud app, 40 victims in TH",
                            "--data-sought",
                            "hosting account and access logs",
                            "--confidential")
                    .ok();
            assertThat(sent.out())
                    .contains("(expedited-preservation) to MY-PDRM: delivered")
                    .contains("follows case handle(s): ");
            String id = id(sent);

            assertThat(my.cli("request", "list").ok().out())
                    .containsPattern(id + " +received +TH-CCIB +expedited-preservation +delivered");
            CliNode.Run illegal = th.cli("request", "ack", id);
            assertThat(illegal.exit()).isEqualTo(1);
            assertThat(illegal.err()).contains("is DELIVERED").contains("[WITHDRAWN]");

            my.cli("request", "ack", id, "--file-number", "PDRM/2026/77").ok();
            my.cli("request", "progress", id).ok();
            assertThat(my.cli("request", "refuse", id, "--ground", "becauseicant")
                            .err())
                    .contains("not a refusal ground");
            assertThat(my.cli("request", "answer", id, "--text", "Account and logs preserved until 2027-01-31")
                            .ok()
                            .out())
                    .contains(": fulfilled");

            String atTh = th.cli("request", "show", id).ok().out();
            String atMy = my.cli("request", "show", id).ok().out();
            assertThat(atTh)
                    .contains("fulfilled")
                    .contains("Account and logs preserved until 2027-01-31")
                    .contains("file PDRM/2026/77")
                    .contains("data preserved until ")
                    .contains("CC.FRAUD")
                    .contains("do not notify");
            // the signed history (hash column) is the same on both sides
            assertThat(atTh.substring(atTh.indexOf("SEQ"))).isEqualTo(atMy.substring(atMy.indexOf("SEQ")));
            assertThat(th.cli("request", "withdraw", id).err()).contains("is FULFILLED");

            // a second request, sent to the other side, refused
            String r2 = id(my.cli(
                            "request",
                            "new",
                            "--to",
                            "TH-CCIB",
                            "--type",
                            "subscriber",
                            "--legal-basis",
                            "budapest-second-protocol",
                            "--facts",
                            "x",
                            "--data-sought",
                            "subscriber of +66812345678")
                    .ok());
            assertThat(th.cli(
                                    "request",
                                    "refuse",
                                    r2,
                                    "--ground",
                                    "insufficient-information",
                                    "--note",
                                    "which period?")
                            .ok()
                            .out())
                    .contains("refused");
            assertThat(my.cli("request", "show", r2).ok().out()).contains("insufficient-information: which period?");

            // overdue on both sides after a tiny deadline
            String late = id(th.cli(
                            "request",
                            "new",
                            "--to",
                            "MY-PDRM",
                            "--type",
                            "emergency",
                            "--emergency",
                            "threat to life",
                            "--legal-basis",
                            "budapest-second-protocol",
                            "--facts",
                            "x",
                            "--data-sought",
                            "y",
                            "--deadline",
                            "1s")
                    .ok());
            // The node stamped the request before the command returned, so its deadline is before this + 1 s.
            long deadlinePassed = System.currentTimeMillis() + 1_000;
            while (System.currentTimeMillis() <= deadlinePassed) {
                Thread.sleep(10); // until the clock is past the deadline, however long the command took
            }
            assertThat(th.cli("requests", "overdue").ok().out())
                    .contains(late)
                    .contains("expired")
                    .doesNotContain(id);
            assertThat(my.cli("requests", "overdue").ok().out()).contains(late);
            assertThat(th.cli(
                                    "request",
                                    "new",
                                    "--to",
                                    "MY-PDRM",
                                    "--type",
                                    "nonsense",
                                    "--legal-basis",
                                    "budapest",
                                    "--facts",
                                    "x",
                                    "--data-sought",
                                    "y")
                            .err())
                    .contains("not a request type");
        }
    }
}
