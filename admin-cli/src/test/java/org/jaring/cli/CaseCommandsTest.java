package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'jaring case' against three real nodes: TH-CCIB holds the cases and placed MY-PDRM in its group "asean" and
 * ID-POLRI in "mekong". Before these commands a CLI user had no way to give a case or an indicator a TLP or an
 * audience, so nothing reached a peer at AMBER.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseCommandsTest {
    private CliNode th;
    private CliNode my;
    private CliNode id;

    @BeforeAll
    void network(@TempDir Path dir) throws Exception {
        th = CliNode.init(dir.resolve("th"), "TH-CCIB").start();
        my = CliNode.init(dir.resolve("my"), "MY-PDRM").lookupDeadline("30s").start();
        id = CliNode.init(dir.resolve("id"), "ID-POLRI").lookupDeadline("30s").start();
        th.pin(my, dir, "asean");
        th.pin(id, dir, "mekong");
        my.pin(th, dir);
        id.pin(th, dir);
    }

    @AfterAll
    void stop() {
        id.close();
        my.close();
        th.close();
    }

    private CliNode.Run lookup(CliNode asker, String value) {
        return asker.cli("lookup", "--case-ref", "REF-1", "--legal-basis", "asean-mlat", value)
                .ok();
    }

    @Test
    void anAmberCaseSharedWithOneGroupReachesAPeerInItAndNotOneOutside() {
        th.cli(
                        "case",
                        "create",
                        "TH-AMBER",
                        "--title",
                        "Parcel scam",
                        "--offence",
                        "CC.FRAUD",
                        "--tlp",
                        "AMBER",
                        "--group",
                        "asean")
                .ok();
        th.cli("case", "add", "TH-AMBER", "amber-parcel.example", "--confidence", "80")
                .ok();

        assertThat(lookup(my, "amber-parcel.example").out())
                .containsPattern("amber-parcel\\.example +domain +TH-CCIB +CC\\.FRAUD +80 +AMBER");
        assertThat(lookup(id, "amber-parcel.example").out())
                .containsPattern("amber-parcel\\.example +domain +- +\\(no hit\\)")
                .doesNotContain("TH-CCIB:");

        CliNode.Run disclosed =
                th.cli("disclosures", "--case", "TH-AMBER", "--json").ok();
        assertThat(disclosed.out()).contains("\"askingNode\": \"MY-PDRM\"").contains("\"askingNode\": \"ID-POLRI\"");
        CliNode.Run table = th.cli("disclosures", "--case", "TH-AMBER").ok();
        assertThat(table.out()).containsPattern("MY-PDRM .* 1\\s*\\n").containsPattern("ID-POLRI .* 0\\s*\\n");
    }

    @Test
    void anAmberImportSharedWithOneGroupReachesAPeerInItAndNotOneOutside(@TempDir Path files) throws Exception {
        Path csv = files.resolve("amber.csv");
        Files.writeString(csv, "type,value,offence\ndomain,amber-import.example,CC.FRAUD\n");

        th.cli(
                        "import",
                        csv.toString(),
                        "--case",
                        "TH-IMPORT",
                        "--create-case",
                        "Imported feed",
                        "--tlp",
                        "AMBER",
                        "--group",
                        "asean")
                .ok();

        assertThat(th.cli("case", "show", "TH-IMPORT").ok().out()).contains("AMBER to group asean");
        assertThat(lookup(my, "amber-import.example").out())
                .containsPattern("amber-import\\.example +domain +TH-CCIB .*AMBER");
        assertThat(lookup(id, "amber-import.example").out())
                .containsPattern("amber-import\\.example +domain +- +\\(no hit\\)")
                .doesNotContain("TH-CCIB:");

        // A handling without --create-case, or for a case that exists, is refused rather than ignored.
        CliNode.Run noCreate = th.cli("import", csv.toString(), "--case", "TH-IMPORT-2", "--tlp", "GREEN");
        assertThat(noCreate.exit()).isEqualTo(2);
        assertThat(noCreate.err()).contains("--create-case").contains("jaring case set TH-IMPORT-2");
        CliNode.Run existing =
                th.cli("import", csv.toString(), "--case", "TH-IMPORT", "--create-case", "Again", "--tlp", "GREEN");
        assertThat(existing.exit()).isEqualTo(1);
        assertThat(existing.err()).contains("case TH-IMPORT exists").contains("jaring case set TH-IMPORT");
        assertThat(th.cli("case", "show", "TH-IMPORT").ok().out()).contains("AMBER to group asean");
    }

    @Test
    void anIndicatorsOwnAudienceOverridesItsCaseAndInheritGivesItBack() {
        th.cli("case", "create", "TH-OWN", "--tlp", "AMBER", "--group", "asean").ok();
        th.cli("case", "add", "TH-OWN", "own-audience.example").ok();
        CliNode.Run set = th.cli(
                        "case",
                        "set",
                        "TH-OWN",
                        "--value",
                        "OWN-AUDIENCE.example",
                        "--tlp",
                        "AMBER",
                        "--node",
                        "ID-POLRI",
                        "--valid-until",
                        "2099-12-31")
                .ok();
        assertThat(set.out()).contains("AMBER to ID-POLRI").contains("valid until 2099-12-31 23:59:59");

        assertThat(lookup(id, "own-audience.example").out()).contains("TH-CCIB:");
        assertThat(lookup(my, "own-audience.example").out()).doesNotContain("TH-CCIB:");

        CliNode.Run shown = th.cli("case", "show", "TH-OWN").ok();
        assertThat(shown.out())
                .contains("AMBER to group asean")
                .containsPattern("own-audience\\.example .*AMBER +ID-POLRI +2099-12-31 23:59:59");

        th.cli("case", "set", "TH-OWN", "--value", "own-audience.example", "--inherit")
                .ok();
        assertThat(th.cli("case", "show", "TH-OWN").ok().out())
                .containsPattern("own-audience\\.example .*AMBER \\(case\\) +group asean");
        assertThat(lookup(my, "own-audience.example").out()).contains("TH-CCIB:");
    }

    /** The values MY-PDRM holds synced from TH-CCIB among {@code values}, by its own local lookup. */
    private String syncedAtMy(String... values) {
        my.cli("sync", "now").ok();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("lookup", "--local", "--json"));
        args.addAll(java.util.List.of(values));
        return my.cli(args.toArray(String[]::new)).ok().out();
    }

    @Test
    void aConfirmOnlyCaseIsAnsweredOnLookupButNeitherSyncedNorExportedUntilPublished(@TempDir Path files)
            throws Exception {
        th.cli("case", "create", "TH-CONFIRM", "--tlp", "AMBER", "--group", "asean", "--sharing", "confirm-only")
                .ok();
        th.cli("case", "add", "TH-CONFIRM", "confirm-only.example").ok();
        CliNode.Run shown = th.cli("case", "show", "TH-CONFIRM").ok();
        assertThat(shown.out())
                .contains("AMBER to group asean, confirm-only")
                .containsPattern("Sharing: +confirm-only")
                .containsPattern("confirm-only\\.example .*confirm-only \\(case\\) +AMBER \\(case\\) +group asean");
        assertThat(th.cli("case", "show", "TH-CONFIRM", "--json").ok().out())
                .contains("\"sharing\": \"SHARING_CONFIRM_ONLY\"");

        // Answered to the peer that asks and may see it; not to one outside the audience.
        assertThat(lookup(my, "confirm-only.example").out())
                .containsPattern("confirm-only\\.example +domain +TH-CCIB .*AMBER");
        assertThat(lookup(id, "confirm-only.example").out()).doesNotContain("TH-CCIB:");
        // Never in bulk: not in MY-PDRM's export, not in what MY-PDRM syncs.
        Path export = files.resolve("for-my.stix.json");
        th.cli("export", "--peer", "MY-PDRM", "--format", "stix", "-o", export.toString())
                .ok();
        assertThat(Files.readString(export)).doesNotContain("confirm-only.example");
        assertThat(syncedAtMy("confirm-only.example")).doesNotContain("TH-CCIB:");

        // The indicator alone published: it keeps the case's TLP and audience, and is in the feed and export.
        CliNode.Run set = th.cli(
                        "case", "set", "TH-CONFIRM", "--value", "confirm-only.example", "--sharing", "published")
                .ok();
        assertThat(set.out()).contains("AMBER to group asean.").doesNotContain(", confirm-only");
        assertThat(th.cli("case", "show", "TH-CONFIRM").ok().out())
                .containsPattern("confirm-only\\.example .* published +AMBER +group asean");
        th.cli("export", "--peer", "MY-PDRM", "--format", "stix", "-o", export.toString(), "--force")
                .ok();
        assertThat(Files.readString(export)).contains("confirm-only.example");
        assertThat(syncedAtMy("confirm-only.example")).contains("TH-CCIB:");

        CliNode.Run bad = th.cli("case", "set", "TH-CONFIRM", "--sharing", "secret");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--sharing: 'secret' is not a sharing kind; use published or confirm-only");
    }

    @Test
    void anImportIntoANewConfirmOnlyCaseIsAnsweredButNotExported(@TempDir Path files) throws Exception {
        Path csv = files.resolve("confirm.csv");
        Files.writeString(csv, "type,value,tlp\ndomain,confirm-import.example,GREEN\n");
        th.cli(
                        "import",
                        csv.toString(),
                        "--case",
                        "TH-CONFIRM-IMPORT",
                        "--create-case",
                        "Confirm-only feed",
                        "--tlp",
                        "GREEN",
                        "--sharing",
                        "confirm-only")
                .ok();
        // The row's own TLP names no sharing kind: the case's confirm-only applies.
        assertThat(th.cli("case", "show", "TH-CONFIRM-IMPORT").ok().out())
                .containsPattern("Sharing: +confirm-only")
                .containsPattern("confirm-import\\.example .*confirm-only \\(case\\) +GREEN +every trusted peer");
        assertThat(lookup(id, "confirm-import.example").out()).contains("TH-CCIB:");
        Path export = files.resolve("for-id.stix.json");
        th.cli("export", "--peer", "ID-POLRI", "--format", "stix", "-o", export.toString())
                .ok();
        assertThat(Files.readString(export)).doesNotContain("confirm-import.example");
    }

    @Test
    void listShowAndJsonDescribeTheCases() {
        th.cli("case", "create", "TH-LIST-A", "--title", "First", "--tlp", "GREEN")
                .ok();
        th.cli("case", "create", "TH-LIST-B").ok();
        CliNode.Run list = th.cli("case", "list").ok();
        assertThat(list.out())
                .containsPattern("TH-LIST-A +First +- +GREEN +every trusted peer")
                .containsPattern("TH-LIST-B +- +- +no one \\(no handling\\)");
        CliNode.Run json = th.cli("case", "list", "--json").ok();
        assertThat(json.out()).contains("\"caseId\": \"TH-LIST-A\"").contains("\"tlp\": \"TLP_GREEN\"");
        CliNode.Run show = th.cli("case", "show", "TH-LIST-A", "--json").ok();
        assertThat(show.out()).contains("\"case\": {").contains("\"caseHandle\": \"TH-CCIB:");

        CliNode.Run again = th.cli("case", "create", "TH-LIST-A");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("exists").contains("jaring case set TH-LIST-A");
        CliNode.Run missing = th.cli("case", "show", "NOPE");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no case 'NOPE'").contains("jaring case list");
        CliNode.Run badTlp = th.cli("case", "set", "TH-LIST-B", "--tlp", "PURPLE");
        assertThat(badTlp.exit()).isEqualTo(2);
        assertThat(badTlp.err()).contains("'PURPLE' is not a TLP 2.0 level");
    }

    @Test
    void withdrawAndCloseStopSharing() {
        th.cli("case", "create", "TH-CLOSE", "--tlp", "GREEN").ok();
        th.cli("case", "add", "TH-CLOSE", "close-one.example", "close-two.example")
                .ok();
        assertThat(lookup(my, "close-one.example").out()).contains("TH-CCIB:");

        th.cli("case", "withdraw", "TH-CLOSE", "CLOSE-ONE.example", "--reason", "false positive")
                .ok();
        assertThat(lookup(my, "close-one.example").out()).doesNotContain("TH-CCIB:");
        CliNode.Run twice = th.cli("case", "withdraw", "TH-CLOSE", "close-one.example", "--reason", "again");
        assertThat(twice.exit()).isEqualTo(1);

        assertThat(th.cli("case", "close", "TH-CLOSE", "--reason", "closed by prosecutor")
                        .ok()
                        .out())
                .contains("1 indicator(s) withdrawn");
        assertThat(lookup(my, "close-two.example").out()).doesNotContain("TH-CCIB:");
        assertThat(th.cli("case", "show", "TH-CLOSE").ok().out())
                .contains("RED, local only")
                .contains("No live indicator");
    }

    @Test
    void aRequestFromAHitWithoutAHitSaysWhyInWords() {
        CliNode.Run r = my.cli(
                "request",
                "from-hit",
                "nothing-held-here.example",
                "--origin",
                "TH-CCIB",
                "--type",
                "preservation",
                "--legal-basis",
                "budapest",
                "--file-number",
                "MY-2026-1",
                "--offence",
                "CC.FRAUD",
                "--facts",
                "facts",
                "--data-sought",
                "logs");
        assertThat(r.exit()).as("refused, not a usage error").isEqualTo(1);
        assertThat(r.err())
                .contains("no hit from TH-CCIB for 'nothing-held-here.example'")
                .contains("TH-CCIB answered, but holds nothing on it that it shares with you")
                .doesNotContain("PEER_OUTCOME");
    }

    @Test
    void listingCommandsPrintTheirDocumentedMessageAsJson() {
        assertThat(th.cli("trust", "list", "--json").ok().out()).contains("\"nodeId\": \"MY-PDRM\"");
        assertThat(th.cli("peers", "status", "--json").ok().out()).contains("\"nodeId\": \"ID-POLRI\"");
        assertThat(th.cli("alerts", "--json").ok().out()).startsWith("{");
        assertThat(th.cli("request", "list", "--json").ok().out()).startsWith("{");
        assertThat(th.cli("requests", "overdue", "--json").ok().out()).startsWith("{");
        assertThat(th.cli("sighting", "list", "x.example", "--json").ok().out()).startsWith("{");
        CliNode.Run watch = th.cli("alerts", "--json", "--watch");
        assertThat(watch.exit()).isEqualTo(2);
    }
}
