package org.jaring.node.sighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jaring.node.FakePeer;
import org.jaring.node.RunningNode;
import org.jaring.node.audit.NodeSigner;
import org.jaring.node.audit.SignedSightings;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.trust.KeySource;
import org.jaring.node.trust.NationalCa;
import org.jaring.node.trust.NodeId;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.ListSightingsRequest;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.ReportSightingRequest;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.ReportSightingsResponse;
import org.jaring.v1.SealedAuditRecord;
import org.jaring.v1.Sighting;
import org.jaring.v1.SightingKind;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed sightings between a real node and a peer behind real mutual TLS: the origin refuses tampered, unsigned,
 * misaddressed and foreign-signed reports and counts nothing of them; the reporter refuses an acknowledgement
 * that does not verify and keeps the sightings queued. Both sides record what they received.
 */
class SignedSightingsTest {
    private static final String VALUE = "romance-scam-chat.example";

    @TempDir
    Path dir;

    private static Sighting sighting(SightingKind kind) {
        return Sighting.newBuilder().setSightingId(UUID.randomUUID().toString()).setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                .setValue(VALUE).setKind(kind).setSeenAt(Timestamps.fromMillis(System.currentTimeMillis())).build();
    }

    private static ReportSightingsRequest.Builder report(SightingKind kind) {
        return ReportSightingsRequest.newBuilder().addSightings(sighting(kind));
    }

    @Test
    void theOriginRefusesReportsThatAreNotSignedByTheReporterForIt() throws Exception {
        try (RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", "sync: {interval: 1h, batch_items: 50}\n");
             FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", my)) {
            id.pinnedBy(my);
            my.analyst().putCase(PutCaseRequest.newBuilder().setCase(Case.newBuilder().setCaseId("MY-1")
                    .addOffences(Offence.OFFENCE_FRAUD).setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN))).build());
            my.analyst().addIndicators(AddIndicatorsRequest.newBuilder().setCaseId("MY-1").addIndicators(Indicator.newBuilder()
                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN).setValue(VALUE)).build());
            PeerServiceGrpc.PeerServiceBlockingStub caller = id.callerOf(my);

            ReportSightingsRequest signed = SignedSightings.sign(new NodeSigner(id.keys), "MY-PDRM", report(SightingKind.SIGHTING_KIND_SEEN));
            ReportSightingsRequest tampered = signed.toBuilder().setSightings(0, signed.getSightings(0).toBuilder()
                    .setKind(SightingKind.SIGHTING_KIND_FALSE_POSITIVE)).build();
            ReportSightingsRequest unsigned = SignedSightings.sign(null, "MY-PDRM", report(SightingKind.SIGHTING_KIND_SEEN));
            ReportSightingsRequest misaddressed = SignedSightings.sign(new NodeSigner(id.keys), "SG-SPF", report(SightingKind.SIGHTING_KIND_SEEN));
            KeySource foreign = KeySource.of(NationalCa.create(NodeId.of("ID-POLRI")).issueNode(Duration.ofDays(1)));
            ReportSightingsRequest foreignSigned = SignedSightings.sign(new NodeSigner(foreign), "MY-PDRM", report(SightingKind.SIGHTING_KIND_SEEN));

            List<String> reasons = new ArrayList<>();
            for (ReportSightingsRequest bad : List.of(tampered, unsigned, misaddressed, foreignSigned)) {
                StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> caller.reportSightings(bad));
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                reasons.add(e.getStatus().getDescription());
            }
            assertThat(reasons.get(0)).contains("the signature does not verify");
            assertThat(reasons.get(1)).contains("the report is not signed");
            assertThat(reasons.get(2)).contains("addressed to 'SG-SPF'");
            assertThat(reasons.get(3)).contains("not a valid certificate of ID-POLRI's pinned CA");
            assertThat(my.analyst().listSightings(ListSightingsRequest.newBuilder()
                    .setValue(LookupQuery.newBuilder().setValue(VALUE)).build()).getSummariesList())
                    .as("nothing of a refused report is counted").isEmpty();

            ReportSightingsResponse ack = caller.reportSightings(signed);
            assertThat(ack.getAccepted()).isEqualTo(1);
            assertThat(SignedSightings.check(id.trust.snapshot(), "MY-PDRM", signed, ack)).isNull();
            assertThat(SignedSightings.check(id.trust.snapshot(), "MY-PDRM", signed, ack.toBuilder().setAccepted(7).build()))
                    .isEqualTo("the signature does not verify");
            assertThat(SignedSightings.check(id.trust.snapshot(), "MY-PDRM", tampered, ack)).contains("another report");

            List<AuditRecord> received = records(my, AuditKind.AUDIT_KIND_SIGHTINGS_RECEIVED);
            assertThat(received).hasSize(5).allMatch(r -> r.getActor().equals("ID-POLRI"));
            assertThat(received.subList(0, 4)).allMatch(r -> detail(r, "outcome").startsWith("refused: "));
            assertThat(detail(received.get(4), "outcome")).isEqualTo("accepted 1");
            assertThat(ReportSightingsRequest.parseFrom(data(received.get(4), "report")))
                    .isEqualTo(signed);
        }
    }

    @Test
    void theReporterKeepsSightingsQueuedUntilTheOriginsAcknowledgementVerifies() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", "sync: {interval: 1h, batch_items: 50}\n");
             FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", th)) {
            List<ReportSightingsRequest> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean signAcks = new java.util.concurrent.atomic.AtomicBoolean();
            id.serve(new PeerServiceGrpc.PeerServiceImplBase() {
                @Override
                public void reportSightings(ReportSightingsRequest request, StreamObserver<ReportSightingsResponse> out) {
                    reports.add(request);
                    ReportSightingsResponse.Builder ack = ReportSightingsResponse.newBuilder().setAccepted(request.getSightingsCount());
                    out.onNext(signAcks.get() ? SignedSightings.sign(new NodeSigner(id.keys), request, ack) : ack.build());
                    out.onCompleted();
                }
            });
            id.pinnedBy(th);

            var first = th.analyst().reportSighting(ReportSightingRequest.newBuilder().setOriginNode("ID-POLRI")
                    .setValue(LookupQuery.newBuilder().setValue(VALUE)).setKind(SightingKind.SIGHTING_KIND_SEEN).build());
            assertThat(first.getDelivered()).as("an unsigned acknowledgement is no receipt").isFalse();
            assertThat(reports).hasSize(1);
            // What the reporter sent is signed by it and addressed to the origin.
            assertThat(SignedSightings.check(id.trust.snapshot(), "TH-CCIB", "ID-POLRI", reports.get(0))).isNull();

            signAcks.set(true);
            th.admin().syncNow(SyncNowRequest.getDefaultInstance());
            assertThat(reports).hasSizeGreaterThanOrEqualTo(2);
            assertThat(reports.get(reports.size() - 1).getSightings(0).getSightingId()).isEqualTo(first.getSightingId());
            var second = th.analyst().reportSighting(ReportSightingRequest.newBuilder().setOriginNode("ID-POLRI")
                    .setValue(LookupQuery.newBuilder().setValue(VALUE)).setKind(SightingKind.SIGHTING_KIND_SEEN).build());
            assertThat(second.getDelivered()).isTrue();

            List<AuditRecord> sent = records(th, AuditKind.AUDIT_KIND_SIGHTINGS_REPORTED);
            assertThat(sent.get(0).getActor()).isEqualTo("ID-POLRI");
            assertThat(detail(sent.get(0), "outcome")).isEqualTo("acknowledgement refused: the acknowledgement is not signed");
            assertThat(detail(sent.get(sent.size() - 1), "outcome")).isEqualTo("acknowledged");
        }
    }

    private static List<AuditRecord> records(RunningNode node, AuditKind kind) throws Exception {
        List<AuditRecord> out = new ArrayList<>();
        try (var it = node.node.store().newIterator(ColumnFamily.AUDIT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                AuditRecord rec = AuditRecord.parseFrom(SealedAuditRecord.parseFrom(it.value()).getRecord());
                if (rec.getKind() == kind) {
                    out.add(rec);
                }
            }
        }
        return out;
    }

    private static com.google.protobuf.ByteString data(AuditRecord r, String key) {
        return r.getDetailsList().stream().filter(d -> d.getKey().equals(key)).map(d -> d.getData()).findFirst()
                .orElse(com.google.protobuf.ByteString.EMPTY);
    }

    private static String detail(AuditRecord r, String key) {
        return r.getDetailsList().stream().filter(d -> d.getKey().equals(key)).map(d -> d.getValue()).findFirst().orElse("");
    }
}
