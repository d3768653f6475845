package org.jaring.node.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.IdentityUri;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.node.AuditRecords;
import org.jaring.node.RunningNode;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddIndicatorsResponse;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Tlp;
import org.jaring.v1.WithdrawIndicatorRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change of case data over the national service, by an analyst over real mutual TLS, is recorded
 * (CASE_CHANGE) with the identity from the analyst's certificate and its fingerprint: who created the case, who
 * added which values (one by one and in a bulk stream), who withdrew one. Two analysts are told apart.
 */
class CaseChangesAuditedTest {
    @TempDir
    Path dir;

    private static String detail(AuditRecord r, String key) {
        return r.getDetailsList().stream()
                .filter(d -> d.getKey().equals(key))
                .map(AuditDetail::getValue)
                .findFirst()
                .orElse(null);
    }

    private static Indicator domain(String value) {
        return Indicator.newBuilder()
                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                .setValue(value)
                .build();
    }

    @Test
    void caseWritesAndWithdrawalsAreRecordedWithTheAnalystsCertificateIdentity() throws Exception {
        try (RunningNode node = new RunningNode(dir.resolve("th"), "TH-CCIB")) {
            node.issueAnalyst("analyst");
            node.issueAnalyst("somchai");
            String alice = IdentityUri.analyst(NodeId.of("TH-CCIB"), "analyst").uri();
            String somchai =
                    IdentityUri.analyst(NodeId.of("TH-CCIB"), "somchai").uri();
            String aliceCert = Fingerprints.sha256(PemFiles.readCertificates(node.home.clientCertificate("analyst"))
                    .get(0));

            node.analyst()
                    .putCase(PutCaseRequest.newBuilder()
                            .setCase(Case.newBuilder()
                                    .setCaseId("TH-2026-0042")
                                    .setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN)))
                            .build());
            node.analyst()
                    .addIndicators(AddIndicatorsRequest.newBuilder()
                            .setCaseId("TH-2026-0042")
                            .addIndicators(domain("scam-a.example"))
                            .addIndicators(domain("scam-b.example"))
                            .build());
            // A second analyst, in a bulk stream, then withdraws one value.
            var somchaiNational = NationalServiceGrpc.newStub(node.channel(node.node.nationalPort(), "somchai"));
            CompletableFuture<AddIndicatorsResponse> loaded = new CompletableFuture<>();
            StreamObserver<AddIndicatorsRequest> load = somchaiNational.loadIndicators(new StreamObserver<>() {
                @Override
                public void onNext(AddIndicatorsResponse r) {
                    loaded.complete(r);
                }

                @Override
                public void onError(Throwable t) {
                    loaded.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {}
            });
            load.onNext(AddIndicatorsRequest.newBuilder()
                    .setCaseId("TH-2026-0042")
                    .addIndicators(domain("scam-c.example"))
                    .build());
            load.onCompleted();
            assertThat(loaded.get(120, TimeUnit.SECONDS).getStored()).isEqualTo(1);
            NationalServiceGrpc.newBlockingStub(node.channel(node.node.nationalPort(), "somchai"))
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .withdrawIndicator(WithdrawIndicatorRequest.newBuilder()
                            .setCaseId("TH-2026-0042")
                            .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                            .setValue("scam-a.example")
                            .build());

            List<AuditRecord> changes = AuditRecords.of(node, AuditKind.AUDIT_KIND_CASE_CHANGE);
            assertThat(changes)
                    .extracting(r -> detail(r, "action"))
                    .containsExactly("create case", "add indicators", "add indicators", "withdraw indicator");
            assertThat(changes).extracting(AuditRecord::getActor).containsExactly(alice, alice, somchai, somchai);
            assertThat(changes).extracting(AuditRecord::getSubject).containsOnly("TH-2026-0042");
            assertThat(detail(changes.get(0), "certificate")).isEqualTo(aliceCert);
            assertThat(detail(changes.get(2), "certificate"))
                    .isNotEqualTo(aliceCert)
                    .isNotEmpty();
            assertThat(detail(changes.get(1), "values"))
                    .isEqualTo("INDICATOR_TYPE_DOMAIN scam-a.example\nINDICATOR_TYPE_DOMAIN scam-b.example");
            assertThat(detail(changes.get(2), "values")).isEqualTo("INDICATOR_TYPE_DOMAIN scam-c.example");
            assertThat(detail(changes.get(3), "values")).isEqualTo("INDICATOR_TYPE_DOMAIN scam-a.example");

            // Every start of the node opens the log with a record of the chain check.
            assertThat(AuditRecords.of(node, AuditKind.AUDIT_KIND_LOG_OPENED)).hasSize(1);
            node.restart();
            assertThat(AuditRecords.of(node, AuditKind.AUDIT_KIND_LOG_OPENED))
                    .hasSize(2)
                    .last()
                    .satisfies(r -> assertThat(detail(r, "unsigned_at_open"))
                            .as("a clean stop leaves the chain signed")
                            .isEmpty());
        }
    }

    @Test
    void aCaseWriteWithoutACallerIsNotPossible() throws Exception {
        try (RunningNode node = new RunningNode(dir.resolve("th"), "TH-CCIB")) {
            CaseService cases = node.node.cases();
            assertThatNullPointerException()
                    .isThrownBy(() -> cases.putCase(null, PutCaseRequest.getDefaultInstance()))
                    .withMessage("caller");
            assertThatNullPointerException()
                    .isThrownBy(() -> cases.addIndicators(null, AddIndicatorsRequest.getDefaultInstance()))
                    .withMessage("caller");
            assertThatNullPointerException()
                    .isThrownBy(() -> cases.withdraw(null, WithdrawIndicatorRequest.getDefaultInstance()))
                    .withMessage("caller");
        }
    }
}
