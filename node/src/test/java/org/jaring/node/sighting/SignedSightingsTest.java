package org.jaring.node.sighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Timestamps;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.node.AuditRecords;
import org.jaring.node.FakePeer;
import org.jaring.node.RunningNode;
import org.jaring.node.federation.Received;
import org.jaring.node.federation.WireBytes;
import org.jaring.node.signing.NodeSigner;
import org.jaring.node.signing.SignedSightings;
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
        return Sighting.newBuilder()
                .setSightingId(UUID.randomUUID().toString())
                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                .setValue(VALUE)
                .setKind(kind)
                .setSeenAt(Timestamps.fromMillis(System.currentTimeMillis()))
                .build();
    }

    private static ReportSightingsRequest.Builder report(SightingKind kind) {
        return ReportSightingsRequest.newBuilder().addSightings(sighting(kind));
    }

    /** {@code origin} holds VALUE in a case and pins {@code reporter}'s CA: reports of VALUE from it count. */
    private static void holdsTheValueAndPins(RunningNode origin, FakePeer reporter) {
        reporter.pinnedBy(origin);
        origin.analyst()
                .putCase(PutCaseRequest.newBuilder()
                        .setCase(Case.newBuilder()
                                .setCaseId("MY-1")
                                .addOffences(Offence.OFFENCE_FRAUD)
                                .setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN)))
                        .build());
        origin.analyst()
                .addIndicators(AddIndicatorsRequest.newBuilder()
                        .setCaseId("MY-1")
                        .addIndicators(Indicator.newBuilder()
                                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                .setValue(VALUE))
                        .build());
    }

    @Test
    void theOriginRefusesReportsThatAreNotSignedByTheReporterForIt() throws Exception {
        try (RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", "sync: {interval: 1h, batch_items: 50}\n");
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", my)) {
            holdsTheValueAndPins(my, id);
            PeerServiceGrpc.PeerServiceBlockingStub caller = id.callerOf(my);

            ReportSightingsRequest signed = ReportSightingsRequest.parseFrom(
                    SignedSightings.sign(new NodeSigner(id.keys), "MY-PDRM", report(SightingKind.SIGHTING_KIND_SEEN)));
            ReportSightingsRequest tampered = signed.toBuilder()
                    .setSightings(
                            0, signed.getSightings(0).toBuilder().setKind(SightingKind.SIGHTING_KIND_FALSE_POSITIVE))
                    .build();
            ReportSightingsRequest unsigned = report(SightingKind.SIGHTING_KIND_SEEN)
                    .setOriginNode("MY-PDRM")
                    .build();
            ReportSightingsRequest misaddressed = ReportSightingsRequest.parseFrom(
                    SignedSightings.sign(new NodeSigner(id.keys), "SG-SPF", report(SightingKind.SIGHTING_KIND_SEEN)));
            KeySource foreign =
                    KeySource.of(NationalCa.create(NodeId.of("ID-POLRI")).issueNode(Duration.ofDays(1)));
            ReportSightingsRequest foreignSigned = ReportSightingsRequest.parseFrom(
                    SignedSightings.sign(new NodeSigner(foreign), "MY-PDRM", report(SightingKind.SIGHTING_KIND_SEEN)));

            // Issued by the reporter's own CA (so it chains to the pinned anchor) but an analyst's, not its node's.
            KeySource analyst = KeySource.of(id.ca.issueAnalyst("rogue", Duration.ofDays(1)));
            ReportSightingsRequest analystSigned = ReportSightingsRequest.parseFrom(
                    SignedSightings.sign(new NodeSigner(analyst), "MY-PDRM", report(SightingKind.SIGHTING_KIND_SEEN)));

            List<String> reasons = new ArrayList<>();
            for (ReportSightingsRequest bad : List.of(tampered, unsigned, misaddressed, foreignSigned, analystSigned)) {
                StatusRuntimeException e =
                        catchThrowableOfType(StatusRuntimeException.class, () -> caller.reportSightings(bad));
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                reasons.add(e.getStatus().getDescription());
            }
            assertThat(reasons.get(0)).contains("the signature does not verify");
            assertThat(reasons.get(1)).contains("the report is not signed");
            assertThat(reasons.get(2)).contains("addressed to 'SG-SPF'");
            assertThat(reasons.get(3)).contains("not a node certificate of ID-POLRI that this node accepts (BAD_CHAIN");
            assertThat(reasons.get(4))
                    .contains("not a node certificate of ID-POLRI that this node accepts" + " (ROLE_NOT_ALLOWED");
            assertThat(my.analyst()
                            .listSightings(ListSightingsRequest.newBuilder()
                                    .setValue(LookupQuery.newBuilder().setValue(VALUE))
                                    .build())
                            .getSummariesList())
                    .as("nothing of a refused report is counted")
                    .isEmpty();

            // The generated stub sends the message in field order, not as it was signed: still the signed content.
            ReportSightingsResponse ack = caller.reportSightings(signed);
            assertThat(ack.getAccepted()).isEqualTo(1);
            byte[] sent = signed.toByteArray();
            assertThat(SignedSightings.check(id.trust.snapshot(), "MY-PDRM", sent, ack, ack.toByteArray()))
                    .isNull();
            ReportSightingsResponse inflated = ack.toBuilder().setAccepted(7).build();
            assertThat(SignedSightings.check(id.trust.snapshot(), "MY-PDRM", sent, inflated, inflated.toByteArray()))
                    .isEqualTo("the signature does not verify");
            assertThat(SignedSightings.check(
                            id.trust.snapshot(), "MY-PDRM", tampered.toByteArray(), ack, ack.toByteArray()))
                    .contains("another report");

            List<AuditRecord> received = records(my, AuditKind.AUDIT_KIND_SIGHTINGS_RECEIVED);
            assertThat(received).hasSize(6).allMatch(r -> r.getActor().equals("ID-POLRI"));
            assertThat(received.subList(0, 5))
                    .allMatch(r -> detail(r, "outcome").startsWith("refused: "));
            assertThat(detail(received.get(5), "outcome")).isEqualTo("accepted 1");
            assertThat(data(received.get(5), "report").toByteArray())
                    .as("the report as received")
                    .isEqualTo(sent);
        }
    }

    @Test
    void theReporterKeepsSightingsQueuedUntilTheOriginsAcknowledgementVerifies() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", "sync: {interval: 1h, batch_items: 50}\n");
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", th)) {
            List<byte[]> reports = new CopyOnWriteArrayList<>();
            // Who signs the acknowledgements: nobody first, then an analyst certificate of the origin's own CA (it
            // chains to the pinned anchor but is not the origin's node certificate), then the origin's node key.
            AtomicReference<NodeSigner> ackSigner = new AtomicReference<>();
            // An origin that keeps each report's bytes as received and signs its acknowledgement over them.
            MethodDescriptor<Received<ReportSightingsRequest>, byte[]> asSigned =
                    PeerServiceGrpc.getReportSightingsMethod().toBuilder(
                                    Received.marshaller(ReportSightingsRequest.parser(), Status.INVALID_ARGUMENT),
                                    WireBytes.MARSHALLER)
                            .build();
            ServerServiceDefinition origin = ServerServiceDefinition.builder(PeerServiceGrpc.SERVICE_NAME)
                    .addMethod(
                            asSigned,
                            ServerCalls.asyncUnaryCall(
                                    (Received<ReportSightingsRequest> report, StreamObserver<byte[]> out) -> {
                                        reports.add(report.bytes());
                                        ReportSightingsResponse.Builder ack = ReportSightingsResponse.newBuilder()
                                                .setAccepted(report.message().getSightingsCount());
                                        NodeSigner signer = ackSigner.get();
                                        out.onNext(
                                                signer == null
                                                        ? ack.build().toByteArray()
                                                        : SignedSightings.sign(signer, report.bytes(), ack));
                                        out.onCompleted();
                                    }))
                    .build();
            id.serve(() -> origin);
            id.pinnedBy(th);

            var first = th.analyst()
                    .reportSighting(ReportSightingRequest.newBuilder()
                            .setOriginNode("ID-POLRI")
                            .setValue(LookupQuery.newBuilder().setValue(VALUE))
                            .setKind(SightingKind.SIGHTING_KIND_SEEN)
                            .build());
            assertThat(first.getDelivered())
                    .as("an unsigned acknowledgement is no receipt")
                    .isFalse();
            assertThat(reports).hasSize(1);
            // What the reporter sent is signed by it and addressed to the origin.
            assertThat(SignedSightings.check(
                            id.trust.snapshot(),
                            "TH-CCIB",
                            "ID-POLRI",
                            ReportSightingsRequest.parseFrom(reports.get(0)),
                            reports.get(0)))
                    .isNull();

            ackSigner.set(new NodeSigner(KeySource.of(id.ca.issueAnalyst("rogue", Duration.ofDays(1)))));
            th.admin().syncNow(SyncNowRequest.getDefaultInstance());
            assertThat(reports).hasSizeGreaterThanOrEqualTo(2);
            List<AuditRecord> byAnalyst = records(th, AuditKind.AUDIT_KIND_SIGHTINGS_REPORTED);
            assertThat(detail(byAnalyst.get(byAnalyst.size() - 1), "outcome"))
                    .as("an analyst's signature is no receipt")
                    .startsWith("acknowledgement refused: ")
                    .contains("(ROLE_NOT_ALLOWED");
            int beforeNodeSigned = reports.size();

            ackSigner.set(new NodeSigner(id.keys));
            th.admin().syncNow(SyncNowRequest.getDefaultInstance());
            assertThat(reports).hasSizeGreaterThan(beforeNodeSigned);
            assertThat(ReportSightingsRequest.parseFrom(reports.get(reports.size() - 1))
                            .getSightings(0)
                            .getSightingId())
                    .isEqualTo(first.getSightingId());
            var second = th.analyst()
                    .reportSighting(ReportSightingRequest.newBuilder()
                            .setOriginNode("ID-POLRI")
                            .setValue(LookupQuery.newBuilder().setValue(VALUE))
                            .setKind(SightingKind.SIGHTING_KIND_SEEN)
                            .build());
            assertThat(second.getDelivered()).isTrue();

            List<AuditRecord> sent = records(th, AuditKind.AUDIT_KIND_SIGHTINGS_REPORTED);
            assertThat(sent.get(0).getActor()).isEqualTo("ID-POLRI");
            assertThat(detail(sent.get(0), "outcome"))
                    .isEqualTo("acknowledgement refused: the acknowledgement is not signed");
            assertThat(detail(sent.get(sent.size() - 1), "outcome")).isEqualTo("acknowledged");
        }
    }

    @Test
    void aReportIsCheckedOverItsBytesAsSentAndItsAcknowledgementBoundToThem() throws Exception {
        try (RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", "sync: {interval: 1h, batch_items: 50}\n");
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", my)) {
            holdsTheValueAndPins(my, id);

            // A report as another implementation (or a newer version) may encode it: an unknown field 99 first.
            // Valid protobuf, signed as these bytes; a receiver that re-encodes it moves field 99 to the end.
            NodeSigner.Key key = new NodeSigner(id.keys).current();
            byte[] fields = report(SightingKind.SIGHTING_KIND_SEEN)
                    .setOriginNode("MY-PDRM")
                    .setSignerCertificatePemBytes(key.certificatePemBytes())
                    .build()
                    .toByteArray();
            byte[] unsigned = new byte[fields.length + 3];
            unsigned[0] = (byte) 0x98; // field 99, wire type 0
            unsigned[1] = 0x06;
            unsigned[2] = 0x01;
            System.arraycopy(fields, 0, unsigned, 3, fields.length);
            byte[] sent = SignedSightings.signReport(key, unsigned);
            ReportSightingsRequest parsed = ReportSightingsRequest.parseFrom(sent);
            assertThat(parsed.toBuilder()
                            .clearSignature()
                            .clearSignerFingerprint()
                            .build()
                            .toByteArray())
                    .as("the premise: re-encoding gives other bytes than were signed")
                    .isNotEqualTo(unsigned);

            MethodDescriptor<byte[], byte[]> raw = PeerServiceGrpc.getReportSightingsMethod().toBuilder(
                            WireBytes.MARSHALLER, WireBytes.MARSHALLER)
                    .build();
            byte[] ackWire = ClientCalls.blockingUnaryCall(
                    id.callerOf(my).getChannel(),
                    raw,
                    CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                    sent);
            ReportSightingsResponse ack = ReportSightingsResponse.parseFrom(ackWire);
            assertThat(ack.getAccepted()).isEqualTo(1);
            assertThat(ack.getRequestHash().toByteArray()).isEqualTo(SignedSightings.requestHash(sent));
            assertThat(SignedSightings.check(id.trust.snapshot(), "MY-PDRM", sent, ack, ackWire))
                    .isNull();
            assertThat(SignedSightings.check(id.trust.snapshot(), "MY-PDRM", parsed.toByteArray(), ack, ackWire))
                    .as("bound to the bytes sent, not to a re-encoding")
                    .contains("another report");

            List<AuditRecord> received = records(my, AuditKind.AUDIT_KIND_SIGHTINGS_RECEIVED);
            assertThat(detail(received.get(0), "outcome")).isEqualTo("accepted 1");
            assertThat(data(received.get(0), "report").toByteArray()).isEqualTo(sent);
        }
    }

    private static List<AuditRecord> records(RunningNode node, AuditKind kind) throws Exception {
        return AuditRecords.of(node, kind);
    }

    private static ByteString data(AuditRecord r, String key) {
        return r.getDetailsList().stream()
                .filter(d -> d.getKey().equals(key))
                .map(d -> d.getData())
                .findFirst()
                .orElse(ByteString.EMPTY);
    }

    private static String detail(AuditRecord r, String key) {
        return r.getDetailsList().stream()
                .filter(d -> d.getKey().equals(key))
                .map(d -> d.getValue())
                .findFirst()
                .orElse("");
    }
}
