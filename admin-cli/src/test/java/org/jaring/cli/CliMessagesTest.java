package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CLI prints when something is wrong: one or two lines that say what to do, never the whole help page, a
 * Java class name or a JDK exception's text.
 */
class CliMessagesTest {
    private static final byte[] BINARY = {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28, 0x0a};

    @TempDir
    Path tmp;

    @Test
    void anUnknownOptionPrintsTheErrorAndTheUsageLineOnly() {
        CliNode.Run r = CliNode.run("lookup", "--bogus", "1.2.3.4");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("Unknown option: '--bogus'")
                .contains("Usage: jaring lookup")
                .contains("Try 'jaring lookup --help'")
                .doesNotContain("--case-ref=REF  ");
        assertThat(r.err().lines().count()).as(r.err()).isLessThanOrEqualTo(8);

        CliNode.Run typo = CliNode.run("case", "lst");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("Did you mean").contains("list");
    }

    @Test
    void theNodeDidNotAnswerNamesTheAddressItTried() {
        CliNode home = CliNode.init(tmp.resolve("th"), "TH-CCIB");
        CliNode.Run down = CliNode.run("case", "list", "--home", home.root.toString(), "--national", "127.0.0.1:1");
        assertThat(down.exit()).isEqualTo(3);
        assertThat(down.err()).contains("did not answer at 127.0.0.1:1 (--national)");
        assertThat(down.err().lines().count()).isEqualTo(2);
    }

    @Test
    void aBinaryNodeYamlIsNamedNotReportedAsInputLength() throws Exception {
        CliNode home = CliNode.init(tmp.resolve("th"), "TH-CCIB");
        Files.write(home.home.config(), BINARY);
        CliNode.Run r = CliNode.run("case", "list", "--home", home.root.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("node.yaml").contains("not UTF-8 text").doesNotContain("Input length");
    }

    @Test
    void aBinaryOrDamagedAnchorFileSaysWhatIsWrong() throws Exception {
        CliNode home = CliNode.init(tmp.resolve("th"), "TH-CCIB");
        Path binary = tmp.resolve("anchor.bin");
        Files.write(binary, BINARY);
        CliNode.Run bin = home.offline("trust", "add", binary.toString(), "--fingerprint", "AB");
        assertThat(bin.exit()).isEqualTo(2);
        assertThat(bin.err()).contains("not an anchor file").doesNotContain("Input length");

        Path damaged = tmp.resolve("damaged.yaml");
        Files.writeString(
                damaged,
                "format: jaring-trust-anchor/1\nnode_id: MY-PDRM\nendpoint: 127.0.0.1:1\nfingerprint_sha256: AB\n"
                        + "ca_certificate: |\n  -----BEGIN CERTIFICATE-----\n  MIIBAAAA\n  -----END CERTIFICATE-----\n");
        CliNode.Run bad = home.offline("trust", "add", damaged.toString(), "--fingerprint", "AB");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err())
                .contains("damaged")
                .doesNotContain("Extra data")
                .doesNotContain("Exception")
                .doesNotContain("java.");
    }

    /** Commands that list or show what the node holds: each takes --json and docs/cli-json.md names its schema. */
    @Test
    void everyCommandThatListsOrShowsTakesJsonAndIsDocumented() throws Exception {
        String doc = Files.readString(DocsCheck.repoFile("docs/cli-json.md"));
        java.util.List<String> listing = new java.util.ArrayList<>();
        collect(JaringCli.commandLine(), listing);
        assertThat(listing)
                .contains("jaring case list", "jaring trust list", "jaring peers status", "jaring request show");
        for (String name : listing) {
            picocli.CommandLine cmd = JaringCli.commandLine();
            for (String part : name.substring("jaring ".length()).split(" ")) {
                cmd = cmd.getSubcommands().get(part);
            }
            assertThat(cmd.getCommandSpec().findOption("--json"))
                    .as(name + " --json")
                    .isNotNull();
            assertThat(doc).as("docs/cli-json.md names " + name).contains("`" + name);
        }
    }

    private static void collect(picocli.CommandLine cmd, java.util.List<String> out) {
        String leaf = cmd.getCommandName();
        String name = cmd.getCommandSpec().qualifiedName();
        if (cmd.getSubcommands().isEmpty()
                && (leaf.equals("list")
                        || leaf.equals("show")
                        || leaf.equals("status")
                        || leaf.equals("overdue")
                        || leaf.equals("alerts")
                        || leaf.equals("disclosures")
                        || leaf.equals("lookup"))
                && !name.startsWith("jaring cert")) {
            out.add(name);
        }
        cmd.getSubcommands().values().forEach(c -> collect(c, out));
    }

    @Test
    void bashAndZshCompletionComeFromTheSameModel() {
        CliNode.Run r = CliNode.run("generate-completion").ok();
        assertThat(r.out())
                .contains("complete -F")
                .contains("case")
                .contains("lookup")
                .contains("--legal-basis");
    }

    @Test
    void theLauncherScriptIsValidBash() throws Exception {
        Path launcher = DocsCheck.repoFile("admin-cli/src/main/bin/jaring");
        assertThat(Files.isExecutable(launcher)).isTrue();
        Process p = new ProcessBuilder("bash", "-n", launcher.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    /**
     * An example in --help is copied into a shell: picocli wraps a footer line longer than the usage width, and a
     * wrap inside a value breaks the copy. Long examples continue with a backslash instead.
     */
    @Test
    void helpExamplesFitTheUsageWidthSoCopyingThemWorks() {
        java.util.List<String> tooLong = new java.util.ArrayList<>();
        examples(JaringCli.commandLine(), tooLong);
        assertThat(tooLong).isEmpty();
    }

    private static void examples(picocli.CommandLine cmd, java.util.List<String> tooLong) {
        int width = cmd.getCommandSpec().usageMessage().width();
        String name = cmd.getCommandSpec().qualifiedName();
        // import and export are edited elsewhere at the moment; their examples are checked once that work lands.
        if (!name.equals("jaring import") && !name.equals("jaring export")) {
            for (String line : cmd.getCommandSpec().usageMessage().footer()) {
                if (line.startsWith("  jaring") || line.startsWith("      ")) {
                    if (line.length() > width) {
                        tooLong.add(name + ": " + line.length() + " > " + width + ": " + line);
                    }
                }
            }
        }
        cmd.getSubcommands().values().forEach(c -> examples(c, tooLong));
    }
}
