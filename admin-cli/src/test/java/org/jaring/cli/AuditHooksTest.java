package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import org.jaring.node.signing.SignedResponses;
import org.jaring.node.store.ColumnFamily;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AdminServiceGrpc;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.ListPeersRequest;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.Offence;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the hooks record on two real nodes: trust changes, lookups asked and answered, refused connections. */
class AuditHooksTest {
    private static final String WALLET = "ETH:0x52908400098527886E0F7030069857D2E4169EE7";

    private static List<AuditRecord> records(CliNode n) throws Exception {
        n.node().audit().checkpoint(true); // also writes trust decisions queued without waiting
        List<AuditRecord> out = new ArrayList<>();
        try (var it = n.node().store().newIterator(ColumnFamily.AUDIT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                out.add(AuditTamper.record(it.value()));
            }
        }
        return out;
    }

    private static List<AuditRecord> of(List<AuditRecord> all, AuditKind kind) {
        return all.stream().filter(r -> r.getKind() == kind).toList();
    }

    private static List<String> values(AuditRecord r, String key) {
        return r.getDetailsList().stream()
                .filter(d -> d.getKey().equals(key))
                .map(AuditDetail::getValue)
                .toList();
    }

    @Test
    void lookupsTrustChangesAndRefusalsAreRecorded(@TempDir Path dir) throws Exception {
        try (CliNode th = CliNode.init(dir.resolve("th"), "TH-CCIB")
                        .lookupDeadline("30s")
                        .start();
                CliNode my = CliNode.init(dir.resolve("my"), "MY-PDRM").start()) {
            for (CliNode[] pair : new CliNode[][] {{th, my}, {my, th}}) {
                Path anchor = dir.resolve(pair[1].id + "-anchor.yaml");
                pair[1].offline("trust", "export", "--endpoint", pair[1].peerEndpoint(), "-o", anchor.toString())
                        .ok();
                String fp = Fingerprints.sha256(
                        PemFiles.readCertificates(pair[1].home.caCertificate()).get(0));
                pair[0].cli("trust", "add", anchor.toString(), "--fingerprint", fp, "--group", "asean")
                        .ok();
            }
            ManagedChannel channel = OwnNodeClient.open(
                    my.home.trustDir(),
                    "127.0.0.1",
                    my.node().nationalPort(),
                    my.home.clientCertificate("admin"),
                    my.home.clientKey("admin"),
                    null);
            var stub = NationalServiceGrpc.newBlockingStub(channel);
            stub.putCase(PutCaseRequest.newBuilder()
                    .setCase(Case.newBuilder()
                            .setCaseId("MY-1")
                            .addOffences(Offence.OFFENCE_FRAUD)
                            .setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN)))
                    .build());
            stub.addIndicators(AddIndicatorsRequest.newBuilder()
                    .setCaseId("MY-1")
                    .addIndicators(Indicator.newBuilder()
                            .setType(IndicatorType.INDICATOR_TYPE_WALLET)
                            .setValue(WALLET)
                            .setConfidence(85))
                    .build());
            channel.shutdownNow();

            th.cli("lookup", "--case-ref", "TH-2026-0099", "--legal-basis", "budapest", WALLET, "Unseen-Host.example")
                    .ok();

            // MY's admin certificate is not from TH's CA: TH refuses the handshake.
            ManagedChannel foreign = OwnNodeClient.open(
                    th.home.trustDir(),
                    "127.0.0.1",
                    th.node().adminPort(),
                    my.home.clientCertificate("admin"),
                    my.home.clientKey("admin"),
                    null);
            assertThatThrownBy(() ->
                            AdminServiceGrpc.newBlockingStub(foreign).listPeers(ListPeersRequest.getDefaultInstance()))
                    .isInstanceOf(StatusRuntimeException.class);
            foreign.shutdownNow();

            th.cli("backup", "create", "--to", dir.resolve("th-backup").toString(), "--passphrase-env", "PATH")
                    .ok();

            List<AuditRecord> thLog = records(th);
            AuditRecord asked = of(thLog, AuditKind.AUDIT_KIND_LOOKUP_ASKED).get(0);
            assertThat(asked.getActor()).startsWith("urn:jaring:admin:TH-CCIB:");
            // Every value asked, a line each, canonical and in the order asked.
            assertThat(values(asked, "values")).hasSize(1);
            String[] lines = values(asked, "values").get(0).split("\n");
            assertThat(lines).hasSize(2).endsWith("INDICATOR_TYPE_DOMAIN unseen-host.example");
            assertThat(lines[0]).contains("0x52908400098527886E0F7030069857D2E4169EE7");
            assertThat(values(asked, "purpose").get(0)).contains("TH-2026-0099");
            assertThat(values(asked, "peer").get(0)).startsWith("MY-PDRM PEER_OUTCOME_ANSWERED hits=1");
            AuditRecord added = of(thLog, AuditKind.AUDIT_KIND_TRUST_CHANGE).get(0);
            assertThat(added.getSubject()).isEqualTo("MY-PDRM");
            assertThat(values(added, "action")).containsExactly("add peer");
            assertThat(of(thLog, AuditKind.AUDIT_KIND_CONNECTION_REFUSED)).isNotEmpty();
            assertThat(of(thLog, AuditKind.AUDIT_KIND_ADMIN_ACTION))
                    .anyMatch(r -> r.getSubject().equals("backup create")
                            && r.getActor().startsWith("urn:jaring:admin:TH-CCIB:"));
            assertThat(of(thLog, AuditKind.AUDIT_KIND_CONNECTION_ACCEPTED)).isNotEmpty();

            List<AuditRecord> myLog = records(my);
            AuditRecord answered =
                    of(myLog, AuditKind.AUDIT_KIND_LOOKUP_ANSWERED).get(0);
            assertThat(answered.getActor()).isEqualTo("TH-CCIB");
            assertThat(answered.getSubject()).isEqualTo(asked.getSubject()); // the same request ID on both sides
            assertThat(values(answered, "disclosed_hits")).containsExactly("1");
            assertThat(values(answered, "values"))
                    .singleElement()
                    .asString()
                    .contains("0x52908400098527886E0F7030069857D2E4169EE7")
                    .endsWith("\nINDICATOR_TYPE_DOMAIN unseen-host.example");
            assertThat(values(answered, "disclosed")).containsExactly("0: 1 hits"); // only the wallet had hits

            // The peer's answer was signed, verified (outcome ANSWERED) and kept as received.
            var answer = PeerLookupResponse.parseFrom(asked.getDetailsList().stream()
                    .filter(d -> d.getKey().equals("answer MY-PDRM"))
                    .findFirst()
                    .orElseThrow()
                    .getData());
            var trust = th.node().trust().snapshot();
            byte[] requestHash = answer.getRequestHash().toByteArray();
            assertThat(SignedResponses.check(trust, "MY-PDRM", requestHash, answer))
                    .isNull();
            var changedHits = answer.toBuilder()
                    .setResults(0, answer.getResults(0).toBuilder().setQueryIndex(7))
                    .build();
            assertThat(SignedResponses.check(trust, "MY-PDRM", requestHash, changedHits))
                    .contains("signature does not verify");
            assertThat(SignedResponses.check(trust, "MY-PDRM", new byte[32], answer))
                    .contains("another request");
            assertThat(SignedResponses.check(
                            trust,
                            "MY-PDRM",
                            requestHash,
                            answer.toBuilder().clearSignature().build()))
                    .contains("not signed");
            assertThat(SignedResponses.check(trust, "SG-SPF", requestHash, answer))
                    .contains("no longer a trusted peer");

            assertThat(th.cli("audit", "verify").ok().out()).startsWith("INTACT:");
            assertThat(my.cli("audit", "verify").ok().out()).startsWith("INTACT:");
        }
    }
}
