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
}
