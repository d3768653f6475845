package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.core.setup.NodeHome;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.node.server.JaringNode;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
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
            CliNode.Run created =
                    th.cli("backup", "create", "--to", backup.toString()).ok();
            assertThat(created.out()).contains("Backed up node TH-CCIB").contains("not included: pki/");
            assertThat(backup.resolve("backup.json")).exists();
            assertThat(backup.resolve("node.yaml")).exists();
            assertThat(backup.resolve("trust").resolve("trust-store.json")).exists();
            assertThat(backup.resolve("pki")).doesNotExist();

            // The same folder again is refused: it is no longer empty.
            assertThat(th.cli("backup", "create", "--to", backup.toString()).exit())
                    .isNotZero();

            // Without --pki the restore says to copy the keys back.
            Path bare = dir.resolve("restored-bare");
            CliNode.Run noPki = CliNode.run("backup", "restore", "--from", backup.toString(), "--home", bare.toString())
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
                            th.home.pki().toString())
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
                    th.home.pki().toString());
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
        }
    }

    @Test
    void aDamagedBackupIsRefused() throws Exception {
        try (CliNode th = CliNode.init(dir.resolve("th"), "TH-CCIB").start()) {
            Path backup = dir.resolve("b");
            th.cli("backup", "create", "--to", backup.toString()).ok();
            Files.writeString(
                    backup.resolve("node.yaml"),
                    Files.readString(backup.resolve("node.yaml")).replace("node_id: TH-CCIB", "node_id: TH-OTHER"));
            CliNode.Run r = CliNode.run(
                    "backup",
                    "restore",
                    "--from",
                    backup.toString(),
                    "--home",
                    dir.resolve("x").toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("not restored");
            assertThat(dir.resolve("x")).doesNotExist();
        }
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
