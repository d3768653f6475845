package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Commands that need no running node: init, show, export, issue, and the errors around a missing or stopped node. */
class OfflineCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void nodeInitWritesTheHomeWithPrivateKeysAndPrintsTheFingerprintAndRefusesASecondInit() throws Exception {
        Path root = tmp.resolve("th");
        CliNode.Run first = CliNode.run(
                        "node",
                        "init",
                        "--home",
                        root.toString(),
                        "--node-id",
                        "TH-CCIB",
                        "--country",
                        "TH",
                        "--unit",
                        "CCIB 24/7",
                        "--phone",
                        "+6621234567",
                        "--email",
                        "cc247@ccib.example",
                        "--languages",
                        "th,en",
                        "--node-validity",
                        "30d")
                .ok();

        for (String f : new String[] {
            "node.yaml",
            "pki/ca.pem",
            "pki/ca.key",
            "pki/node.pem",
            "pki/node.key",
            "pki/admin.pem",
            "pki/admin.key",
            "trust"
        }) {
            assertThat(root.resolve(f)).as(f).exists();
        }
        for (String key : new String[] {"pki/ca.key", "pki/node.key", "pki/admin.key"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(key))))
                    .as(key)
                    .isEqualTo("rw-------");
        }
        String caFingerprint = Fingerprints.display(
                PemFiles.readCertificates(root.resolve("pki/ca.pem")).get(0));
        assertThat(first.out())
                .contains(caFingerprint)
                .contains("channel you already trust")
                .contains("java -jar node/target/jaring-node.jar")
                .contains("jaring trust export")
                .contains("NOT encrypted");
        assertThat(Files.readString(root.resolve("node.yaml"))).contains("languages: [\"th\", \"en\"]");

        CliNode.Run second = CliNode.run(
                "node",
                "init",
                "--home",
                root.toString(),
                "--node-id",
                "TH-OTHER",
                "--unit",
                "x",
                "--phone",
                "+6621234567",
                "--email",
                "a@b.example");
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.err()).contains("already holds a node");
        assertThat(PemFiles.readCertificates(root.resolve("pki/ca.pem")).get(0))
                .as("the first CA is untouched")
                .matches(c -> Fingerprints.display(c).equals(caFingerprint));
    }

    @Test
    void nodeInitChecksEveryInputBeforeWritingAFile() {
        Path root = tmp.resolve("bad");
        CliNode.Run badPhone = CliNode.run(
                "node",
                "init",
                "--home",
                root.toString(),
                "--node-id",
                "TH-CCIB",
                "--unit",
                "x",
                "--phone",
                "081-234-5678",
                "--email",
                "a@b.example");
        assertThat(badPhone.exit()).isEqualTo(2);
        assertThat(badPhone.err()).contains("--phone").contains("+6621234567");
        CliNode.Run badId = CliNode.run(
                "node",
                "init",
                "--home",
                root.toString(),
                "--node-id",
                "th-ccib",
                "--unit",
                "x",
                "--phone",
                "+6621234567",
                "--email",
                "a@b.example");
        assertThat(badId.exit()).isEqualTo(2);
        assertThat(badId.err()).contains("--node-id");
        CliNode.Run badValidity = CliNode.run(
                "node",
                "init",
                "--home",
                root.toString(),
                "--node-id",
                "TH-CCIB",
                "--unit",
                "x",
                "--phone",
                "+6621234567",
                "--email",
                "a@b.example",
                "--node-validity",
                "3 months");
        assertThat(badValidity.exit()).isEqualTo(2);
        assertThat(badValidity.err()).contains("90d");
        assertThat(root.resolve("node.yaml")).doesNotExist();
        assertThat(root.resolve("pki")).doesNotExist();
    }

    @Test
    void certShowPrintsIdentityFingerprintAndDaysLeftWithoutANode() throws Exception {
        CliNode home = CliNode.init(tmp.resolve("th"), "TH-CCIB", "--node-validity", "30d");
        CliNode.Run show = home.offline("cert", "show").ok();
        String nodeFp = Fingerprints.display(
                PemFiles.readCertificates(home.home.nodeCertificate()).get(0));
        assertThat(show.out())
                .contains("urn:jaring:node:TH-CCIB")
                .contains(nodeFp)
                .contains("Jaring national CA TH-CCIB")
                .containsPattern("\\((29|30) days left\\)");

        CliNode.Run admin = CliNode.run(
                        "cert", "show", home.home.clientCertificate("admin").toString())
                .ok();
        assertThat(admin.out()).contains("urn:jaring:admin:TH-CCIB:root").contains("CA:           no");

        CliNode.Run missing =
                CliNode.run("cert", "show", tmp.resolve("nope.pem").toString());
        assertThat(missing.exit()).isEqualTo(2);
    }

    @Test
    void encryptedCaKeyNeedsItsPassphraseFromTheEnvironmentWhenThereIsNoTerminal() {
        // PATH is set in every test environment: its value serves as the passphrase, read the same way as any VAR.
        CliNode home = CliNode.init(tmp.resolve("th"), "TH-CCIB", "--ca-passphrase-env", "PATH");
        CliNode.Run noPass = home.offline("cert", "issue", "--role", "analyst", "--name", "ana");
        assertThat(noPass.exit()).isEqualTo(2);
        assertThat(noPass.err()).contains("encrypted").contains("--ca-passphrase-env");
        assertThat(home.home.clientCertificate("ana")).doesNotExist();

        CliNode.Run unset = home.offline(
                "cert",
                "issue",
                "--role",
                "analyst",
                "--name",
                "ana",
                "--ca-passphrase-env",
                "JARING_TEST_SURELY_UNSET_VARIABLE");
        assertThat(unset.exit()).isEqualTo(2);
        assertThat(unset.err()).contains("not set");

        home.offline("cert", "issue", "--role", "analyst", "--name", "ana", "--ca-passphrase-env", "PATH")
                .ok();
        assertThat(home.home.clientCertificate("ana")).exists();
    }

    @Test
    void commandsThatNeedANodeSayWhatToDoWhenThereIsNoneOrItIsNotRunning() throws Exception {
        CliNode.Run noHome =
                CliNode.run("trust", "list", "--home", tmp.resolve("empty").toString());
        assertThat(noHome.exit()).isEqualTo(2);
        assertThat(noHome.err()).contains("jaring node init").contains("--home");

        CliNode home = CliNode.init(tmp.resolve("th"), "TH-CCIB");
        CliNode.Run portZero = home.offline("trust", "list");
        assertThat(portZero.exit()).isEqualTo(2);
        assertThat(portZero.err()).contains("port 0").contains("--admin HOST:PORT");

        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        CliNode.Run down = CliNode.run(
                "lookup", "--local", "198.51.100.7", "--home", home.root.toString(), "--national", "127.0.0.1:1");
        assertThat(down.exit()).isEqualTo(3);
        assertThat(down.err()).contains("did not answer");

        CliNode.Run export = home.offline("trust", "export");
        assertThat(export.exit())
                .as("listen.peer has port 0: not an endpoint peers can use")
                .isEqualTo(2);
        assertThat(export.err()).contains("--endpoint");

        String before = Fingerprints.display(
                PemFiles.readCertificates(home.home.nodeCertificate()).get(0));
        CliNode.Run rotate = CliNode.run("cert", "rotate", "--home", home.root.toString(), "--admin", "127.0.0.1:1")
                .ok();
        String after = Fingerprints.display(
                PemFiles.readCertificates(home.home.nodeCertificate()).get(0));
        assertThat(after).isNotEqualTo(before);
        assertThat(rotate.out()).contains(after).contains("not running").contains("next start");
        assertThat(Fingerprints.display(PemFiles.readCertificates(home.root.resolve("pki/node.pem.previous"))
                        .get(0)))
                .isEqualTo(before);
        for (String key : new String[] {"pki/node.key", "pki/node.key.previous"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.root.resolve(key))))
                    .as(key)
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void everyCommandHasHelpWithADescription() {
        CommandLine root = JaringCli.commandLine();
        assertThat(root.getSubcommands().keySet()).contains("node", "cert", "trust", "peers", "lookup");
        check(root);
        assertThat(CliNode.run("trust").exit())
                .as("a noun without a verb is a usage error")
                .isEqualTo(2);
    }

    private static void check(CommandLine cmd) {
        if (!cmd.getCommandName().equals("help")) {
            assertThat(cmd.getCommandSpec().usageMessage().description())
                    .as(cmd.getCommandName())
                    .isNotEmpty();
            assertThat(cmd.getUsageMessage()).contains("--help");
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            check(sub);
        }
    }
}
