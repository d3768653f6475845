package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.core.setup.NodeHome;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.node.server.JaringNode;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AdminServiceGrpc;
import org.jaring.v1.Case;
import org.jaring.v1.CreateBackupRequest;
import org.jaring.v1.GetCaseRequest;
import org.jaring.v1.GetCaseResponse;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupLocalResponse;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.Offence;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup of a running, populated node through 'jaring backup create', restore into an empty folder with
 * 'jaring backup restore', and the restored node started: every case and indicator reads back the same and the
 * trust store still has the peer.
 */
class BackupRestoreTest {
    static final List<Indicator> INDICATORS = List.of(
            indicator(IndicatorType.INDICATOR_TYPE_WALLET, "ETH:0x52908400098527886E0F7030069857D2E4169EE7"),
            indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "asean-parcel-redelivery.com"),
            indicator(IndicatorType.INDICATOR_TYPE_EMAIL, "handler@protonmail.example"),
            indicator(IndicatorType.INDICATOR_TYPE_PHONE, "+60123456789"),
            indicator(IndicatorType.INDICATOR_TYPE_IPV4, "203.0.113.7"),
            indicator(IndicatorType.INDICATOR_TYPE_URL, "https://login.bank-verify.example/th/otp"),
            indicator(IndicatorType.INDICATOR_TYPE_IBAN, "GB82WEST12345698765432"));

    @TempDir
    Path dir;

    private static Indicator indicator(IndicatorType type, String value) {
        return Indicator.newBuilder()
                .setType(type)
                .setValue(value)
                .addOffences(Offence.OFFENCE_FRAUD)
                .setConfidence(75)
                .build();
    }

    @Test
    void backupOfARunningNodeRestoresIntoAnEmptyHomeThatStartsWithEveryRecord() throws Exception {
        try (CliNode th = CliNode.init(dir.resolve("th"), "TH-CCIB").start();
                CliNode my = CliNode.init(dir.resolve("my"), "MY-PDRM").start()) {
            Path anchor = dir.resolve("MY-PDRM.anchor.yaml");
            my.offline("trust", "export", "--endpoint", my.peerEndpoint(), "-o", anchor.toString())
                    .ok();
            th.cli(
                            "trust",
                            "add",
                            anchor.toString(),
                            "--group",
                            "asean",
                            "--fingerprint",
                            Fingerprints.display(PemFiles.readCertificates(my.home.caCertificate())
                                    .get(0)))
                    .ok();

            List<String> caseIds = List.of("TH-2026-0001", "TH-2026-0002");
            ManagedChannel original = national(th.home, th.node().nationalPort());
            var stub = NationalServiceGrpc.newBlockingStub(original).withDeadlineAfter(60, TimeUnit.SECONDS);
            for (int c = 0; c < caseIds.size(); c++) {
                stub.putCase(PutCaseRequest.newBuilder()
                        .setCase(Case.newBuilder()
                                .setCaseId(caseIds.get(c))
                                .setTitle("case " + c)
                                .addOffences(Offence.OFFENCE_FRAUD)
                                .setDefaultHandling(
                                        Handling.newBuilder().setTlp(c == 0 ? Tlp.TLP_GREEN : Tlp.TLP_AMBER)))
                        .build());
                List<Indicator> mine = new ArrayList<>();
                for (int i = c; i < INDICATORS.size(); i += caseIds.size()) {
                    mine.add(INDICATORS.get(i));
                }
                mine.add(INDICATORS.get(0)); // one value in both cases
                stub.addIndicators(AddIndicatorsRequest.newBuilder()
                        .setCaseId(caseIds.get(c))
                        .addAllIndicators(c == 0 ? mine.subList(0, mine.size() - 1) : mine)
                        .build());
            }
            List<GetCaseResponse> cases = new ArrayList<>();
            for (String id : caseIds) {
                cases.add(stub.getCase(GetCaseRequest.newBuilder().setCaseId(id).build()));
            }
            LookupLocalResponse lookups = stub.lookupLocal(everyValue());
            assertThat(lookups.getResultsList()).allMatch(r -> r.getIndicatorsCount() >= 1);
            original.shutdownNow();

            Path backup = dir.resolve("backups").resolve("th-1");
            // A request without a key is refused by the node itself: it never writes a backup in clear.
            ManagedChannel admin = OwnNodeClient.open(
                    th.home.trustDir(),
                    "127.0.0.1",
                    th.node().adminPort(),
                    th.home.clientCertificate("admin"),
                    th.home.clientKey("admin"),
                    null);
            try {
                assertThatThrownBy(() -> AdminServiceGrpc.newBlockingStub(admin)
                                .withDeadlineAfter(60, TimeUnit.SECONDS)
                                .createBackup(CreateBackupRequest.newBuilder()
                                        .setDirectory(backup.toString())
                                        .build()))
                        .isInstanceOfSatisfying(
                                StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
                        .hasMessageContaining("key")
                        .hasMessageContaining("always encrypted");
            } finally {
                admin.shutdownNow();
            }
            assertThat(backup).doesNotExist();

            CliNode.Run created = th.cli("backup", "create", "--to", backup.toString(), "--passphrase-env", "PATH")
                    .ok();
            assertThat(created.out())
                    .contains("Backed up node TH-CCIB")
                    .contains("encrypted")
                    .contains("not included: pki/");
            assertThat(backup.resolve("backup.json")).exists();
            assertThat(backup.resolve("manifest.enc")).exists();
            assertThat(backup.resolve("node.yaml")).exists();
            assertThat(backup.resolve("trust").resolve("trust-store.json")).exists();
            assertThat(backup.resolve("pki")).doesNotExist();
            // Nothing in clear: neither node.yaml nor the trust store shows a byte of its text.
            assertThat(new String(Files.readAllBytes(backup.resolve("node.yaml")), StandardCharsets.ISO_8859_1))
                    .doesNotContain("node_id")
                    .doesNotContain("TH-CCIB");
            assertThat(new String(
                            Files.readAllBytes(backup.resolve("trust").resolve("trust-store.json")),
                            StandardCharsets.ISO_8859_1))
                    .doesNotContain("TH-CCIB")
                    .doesNotContain("MY-PDRM");
            assertOwnerOnly(backup);

            // The same folder again is refused: it is no longer empty.
            assertThat(th.cli("backup", "create", "--to", backup.toString(), "--passphrase-env", "PATH")
                            .exit())
                    .isNotZero();

            // The wrong passphrase restores nothing, and says so.
            Path wrong = dir.resolve("restored-wrong");
            CliNode.Run refused = CliNode.run(
                    "backup",
                    "restore",
                    "--from",
                    backup.toString(),
                    "--home",
                    wrong.toString(),
                    "--passphrase-env",
                    otherVariableThanPath());
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).contains("not restored").contains("wrong passphrase");
            assertThat(wrong).doesNotExist();
            assertThat(leftovers(dir)).isEmpty();

            // Without --pki the restore says to copy the keys back.
            Path bare = dir.resolve("restored-bare");
            CliNode.Run noPki = CliNode.run(
                            "backup",
                            "restore",
                            "--from",
                            backup.toString(),
                            "--home",
                            bare.toString(),
                            "--passphrase-env",
                            "PATH")
                    .ok();
            assertThat(noPki.out()).contains("copy this node's pki/ folder");

            Path restoredRoot = dir.resolve("restored");
            CliNode.Run restore = CliNode.run(
                            "backup",
                            "restore",
                            "--from",
                            backup.toString(),
                            "--home",
                            restoredRoot.toString(),
                            "--pki",
                            th.home.pki().toString(),
                            "--passphrase-env",
                            "PATH")
                    .ok();
            assertThat(restore.out()).contains("Restored node TH-CCIB");
            // A non-empty target is refused.
            CliNode.Run again = CliNode.run(
                    "backup",
                    "restore",
                    "--from",
                    backup.toString(),
                    "--home",
                    restoredRoot.toString(),
                    "--pki",
                    th.home.pki().toString(),
                    "--passphrase-env",
                    "PATH");
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.err()).contains("not empty");

            NodeHome restoredHome = new NodeHome(restoredRoot);
            try (JaringNode restored = JaringNode.start(NodeConfigLoader.load(restoredHome.config()))) {
                assertThat(restored.trust().snapshot().peer(NodeId.of("MY-PDRM")))
                        .isPresent();
                assertThat(restored.trust()
                                .snapshot()
                                .peer(NodeId.of("MY-PDRM"))
                                .get()
                                .groups())
                        .contains("asean");
                ManagedChannel channel = national(restoredHome, restored.nationalPort());
                try {
                    var r = NationalServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
                    for (int c = 0; c < caseIds.size(); c++) {
                        assertThat(r.getCase(GetCaseRequest.newBuilder()
                                        .setCaseId(caseIds.get(c))
                                        .build()))
                                .isEqualTo(cases.get(c));
                    }
                    assertThat(r.lookupLocal(everyValue())).isEqualTo(lookups);
                } finally {
                    channel.shutdownNow();
                }
            }
            assertThat(Files.exists(restoredRoot.resolve("data").resolve("CURRENT")))
                    .isTrue();
            if (OwnerOnlyFiles.posix()) {
                assertThat(Files.getPosixFilePermissions(restoredRoot)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
                for (Path f : List.of(
                        restoredRoot.resolve("node.yaml"),
                        restoredRoot.resolve("trust").resolve("trust-store.json"),
                        restoredRoot.resolve("pki").resolve("node.key"))) {
                    assertThat(Files.getPosixFilePermissions(f))
                            .as(f.toString())
                            .isEqualTo(OwnerOnlyFiles.FILE);
                }
            }
        }
    }

    @Test
    void aDamagedBackupIsRefused() throws Exception {
        try (CliNode th = CliNode.init(dir.resolve("th"), "TH-CCIB").start()) {
            Path backup = dir.resolve("b");
            th.cli("backup", "create", "--to", backup.toString(), "--passphrase-env", "PATH")
                    .ok();
            byte[] yaml = Files.readAllBytes(backup.resolve("node.yaml"));
            yaml[yaml.length / 2] ^= 0x01;
            Files.write(backup.resolve("node.yaml"), yaml);
            CliNode.Run r = CliNode.run(
                    "backup",
                    "restore",
                    "--from",
                    backup.toString(),
                    "--home",
                    dir.resolve("x").toString(),
                    "--passphrase-env",
                    "PATH");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("not restored").contains("node.yaml fails authentication");
            assertThat(dir.resolve("x")).doesNotExist();
            assertThat(leftovers(dir)).isEmpty();
        }
    }

    /** Every folder under {@code root} is 0700 and every file 0600, where the file system has POSIX modes. */
    static void assertOwnerOnly(Path root) throws IOException {
        if (!OwnerOnlyFiles.posix()) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                assertThat(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS))
                        .as(p.toString())
                        .isEqualTo(Files.isDirectory(p) ? OwnerOnlyFiles.DIRECTORY : OwnerOnlyFiles.FILE);
            }
        }
    }

    /** Staging folders a restore left beside its target: there must never be any. */
    static List<Path> leftovers(Path parent) throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(p -> p.getFileName().toString().contains(".restore-"))
                    .toList();
        }
    }

    /** An environment variable that is set and holds something other than PATH: a wrong passphrase. */
    private static String otherVariableThanPath() {
        String path = System.getenv("PATH");
        return System.getenv().entrySet().stream()
                .filter(e -> !e.getValue().isEmpty() && !e.getValue().equals(path))
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst()
                .orElseThrow();
    }

    private static LookupLocalRequest everyValue() {
        LookupLocalRequest.Builder b = LookupLocalRequest.newBuilder();
        for (Indicator i : INDICATORS) {
            b.addQueries(LookupQuery.newBuilder().setType(i.getType()).setValue(i.getValue()));
        }
        return b.build();
    }

    /** The admin's certificate, which the national listener admits. */
    private static ManagedChannel national(NodeHome home, int port) throws Exception {
        return OwnNodeClient.open(
                home.trustDir(), "127.0.0.1", port, home.clientCertificate("admin"), home.clientKey("admin"), null);
    }
}
