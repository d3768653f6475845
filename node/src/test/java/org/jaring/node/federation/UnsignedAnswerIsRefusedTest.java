package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.node.RunningNode;
import org.jaring.node.store.ColumnFamily;
import org.jaring.v1.AddPeerRequest;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerStatus;
import org.jaring.v1.Purpose;
import org.jaring.v1.SealedAuditRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trusted peer whose answer is not signed: the asking node refuses the answer and keeps it in its audit log. */
class UnsignedAnswerIsRefusedTest {
    @TempDir
    Path dir;

    @Test
    void anUnsignedAnswerIsRefusedAndRecorded() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB");
                SlowPeer unsigned = new SlowPeer(
                        dir.resolve("unsigned"),
                        "ID-OLD",
                        false,
                        new SlowPeer.X509Holder(
                                NodeId.of("TH-CCIB"),
                                PemFiles.readCertificates(th.home.caCertificate())
                                        .get(0)))) {
            th.admin()
                    .addPeer(AddPeerRequest.newBuilder()
                            .setNodeId("ID-OLD")
                            .setCaCertificatePem(PemFiles.toPem(unsigned.ca.certificate()))
                            .setEndpoint(unsigned.endpoint())
                            .setConfirmedFingerprint(Fingerprints.sha256(unsigned.ca.certificate()))
                            .build());
            FederatedLookupResponse r = th.analyst()
                    .lookupFederated(FederatedLookupRequest.newBuilder()
                            .setPurpose(Purpose.newBuilder()
                                    .setCaseReference("TH-1")
                                    .setLegalBasis(LegalBasis.LEGAL_BASIS_BILATERAL_TREATY))
                            .addQueries(LookupQuery.newBuilder()
                                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                    .setValue("example.com"))
                            .setDeadlineMillis(30_000) // far above the peer's time to answer, even on a loaded machine
                            .build());
            PeerStatus s = r.getPeers(0);
            assertThat(s.getNodeId()).isEqualTo("ID-OLD");
            assertThat(s.getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
            assertThat(s.getDetail()).isEqualTo("this node refused the peer's answer: the answer is not signed");

            AuditRecord asked = null;
            try (var it = th.node.store().newIterator(ColumnFamily.AUDIT)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    AuditRecord rec = AuditRecord.parseFrom(
                            SealedAuditRecord.parseFrom(it.value()).getRecord());
                    if (rec.getKind() == AuditKind.AUDIT_KIND_LOOKUP_ASKED) {
                        asked = rec;
                    }
                }
            }
            assertThat(asked).isNotNull();
            assertThat(asked.getDetailsList())
                    .anyMatch(d -> d.getKey().equals("answer ID-OLD"))
                    .anyMatch(d -> d.getKey().equals("peer")
                            && d.getValue().contains("PEER_OUTCOME_REFUSED")
                            && d.getValue().contains("not signed"));
        }
    }
}
