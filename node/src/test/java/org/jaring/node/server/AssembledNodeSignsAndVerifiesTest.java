package org.jaring.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jaring.node.AuditRecords;
import org.jaring.node.FakePeer;
import org.jaring.node.RunningNode;
import org.jaring.node.federation.WireBytes;
import org.jaring.node.signing.AnswerVerifier;
import org.jaring.node.signing.NodeSigner;
import org.jaring.node.signing.PeerSignatures;
import org.jaring.node.signing.SignedFeedBatches;
import org.jaring.node.signing.SignedSightings;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.Case;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedItem;
import org.jaring.v1.FeedRequest;
import org.jaring.v1.Handling;
import org.jaring.v1.Hit;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.Purpose;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.ReportSightingsResponse;
import org.jaring.v1.Sighting;
import org.jaring.v1.SightingKind;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.SyncResult;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node as {@link JaringNode} assembles it, seen from a peer behind real mutual TLS: everything it answers a peer
 * with (lookup answers, feed batches, sightings acknowledgements) is signed with its node key and verifies against
 * its pinned CA, and a peer's feed batch is applied only once it verifies against that peer's pinned CA. The
 * wiring is what is under test: each component would run unsigned or unchecked if it were built without its
 * signer or verifier, and {@link WiringFailsClosedTest} shows that none can be. The refusals in detail (altered,
 * foreign, revoked, replayed batches): {@code federation/SignedFeedBatchTest}.
 */
class AssembledNodeSignsAndVerifiesTest {
    private static final String OWN_VALUE = "parcel-redelivery.example";
    private static final String PEER_VALUE = "fake-customs-fee.example";

    @TempDir
    Path dir;

    /** Whether the fake peer signs the feed batches it serves. */
    private volatile boolean peerSigns;

    private static <Q, R> MethodDescriptor<byte[], byte[]> asBytes(MethodDescriptor<Q, R> method) {
        return method.toBuilder(WireBytes.MARSHALLER, WireBytes.MARSHALLER).build();
    }

    private static CallOptions deadline() {
        return CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @Test
    void itSignsWhatItAnswersPeersWithItsNodeKeyAndRecordsIt() throws Exception {
        try (RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", "sync: {interval: 1h}\n");
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", my)) {
            id.pinnedBy(my);
            my.analyst()
                    .putCase(PutCaseRequest.newBuilder()
                            .setCase(Case.newBuilder()
                                    .setCaseId("MY-1")
                                    .addOffences(Offence.OFFENCE_FRAUD)
                                    .setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN)))
                            .build());
            my.analyst()
                    .addIndicators(AddIndicatorsRequest.newBuilder()
                            .setCaseId("MY-1")
                            .addIndicators(Indicator.newBuilder()
                                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                    .setValue(OWN_VALUE))
                            .build());
            Channel toMy = id.callerOf(my).getChannel();

            byte[] lookup = PeerLookupRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setPurpose(Purpose.newBuilder()
                            .setCaseReference("ID-2026-1")
                            .setLegalBasis(LegalBasis.LEGAL_BASIS_BILATERAL_TREATY))
                    .addQueries(LookupQuery.newBuilder()
                            .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                            .setValue(OWN_VALUE))
                    .build()
                    .toByteArray();
            byte[] answerWire =
                    ClientCalls.blockingUnaryCall(toMy, asBytes(PeerServiceGrpc.getLookupMethod()), deadline(), lookup);
            PeerLookupResponse answer = PeerLookupResponse.parseFrom(answerWire);
            assertThat(answer.getResultsList()).hasSize(1);
            assertThat(answer.getSignature().isEmpty())
                    .as("the answer is signed")
                    .isFalse();
            assertThat(new AnswerVerifier()
                            .check(id.trust.snapshot(), "MY-PDRM", PeerSignatures.hash(lookup), answer, answerWire))
                    .as("and verifies against MY-PDRM's pinned CA")
                    .isNull();

            byte[] pull = FeedRequest.newBuilder()
                    .setAfterSequence(0)
                    .setMaxItemsPerBatch(100)
                    .build()
                    .toByteArray();
            Iterator<byte[]> feed = ClientCalls.blockingServerStreamingCall(
                    toMy, asBytes(PeerServiceGrpc.getFeedMethod()), deadline(), pull);
            byte[] batchWire = feed.next();
            feed.forEachRemaining(b -> {});
            FeedBatch batch = FeedBatch.parseFrom(batchWire);
            assertThat(batch.getItemsList()).anyMatch(i -> i.getHit().getValue().equals(OWN_VALUE));
            assertThat(batch.getSignature().isEmpty()).as("the batch is signed").isFalse();
            assertThat(SignedFeedBatches.check(
                            new PeerSignatures.Verifier(),
                            id.trust.snapshot(),
                            "MY-PDRM",
                            PeerSignatures.hash(pull),
                            0,
                            batch,
                            batchWire))
                    .as("and verifies")
                    .isNull();

            byte[] report = SignedSightings.sign(
                    new NodeSigner(id.keys),
                    "MY-PDRM",
                    ReportSightingsRequest.newBuilder()
                            .addSightings(Sighting.newBuilder()
                                    .setSightingId(UUID.randomUUID().toString())
                                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                    .setValue(OWN_VALUE)
                                    .setKind(SightingKind.SIGHTING_KIND_SEEN)
                                    .setSeenAt(Timestamps.fromMillis(System.currentTimeMillis()))));
            byte[] ackWire = ClientCalls.blockingUnaryCall(
                    toMy, asBytes(PeerServiceGrpc.getReportSightingsMethod()), deadline(), report);
            ReportSightingsResponse ack = ReportSightingsResponse.parseFrom(ackWire);
            assertThat(ack.getSignature().isEmpty())
                    .as("the acknowledgement is signed")
                    .isFalse();
            assertThat(SignedSightings.check(id.trust.snapshot(), "MY-PDRM", report, ack, ackWire))
                    .as("and verifies")
                    .isNull();

            // Recorded in the node's own audit log, by the log the node was assembled with.
            assertThat(AuditRecords.of(my, AuditKind.AUDIT_KIND_LOOKUP_ANSWERED))
                    .anyMatch(r -> r.getActor().equals("ID-POLRI"));
            assertThat(AuditRecords.of(my, AuditKind.AUDIT_KIND_SIGHTINGS_RECEIVED))
                    .anyMatch(r -> r.getActor().equals("ID-POLRI"));
        }
    }

    @Test
    void itAppliesAPeersFeedBatchOnlyOnceItVerifiesAgainstThatPeersPinnedCa() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", "sync: {interval: 1h, batch_items: 50}\n");
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", th)) {
            id.serve(new PeerServiceGrpc.PeerServiceImplBase() {
                @Override
                public void feed(FeedRequest request, StreamObserver<FeedBatch> responses) {
                    responses.onNext(batch(id, request));
                    responses.onCompleted();
                }
            });
            id.pinnedBy(th);

            peerSigns = false;
            SyncResult refused = sync(th);
            assertThat(refused.getError())
                    .startsWith("UNAUTHENTICATED: this node refused ID-POLRI's feed batch")
                    .contains("the batch is not signed");
            assertThat(refused.getApplied()).isZero();
            assertThat(synced(th)).as("nothing of an unsigned batch is applied").isZero();

            peerSigns = true;
            SyncResult applied = sync(th);
            assertThat(applied.getError()).isEmpty();
            assertThat(applied.getApplied()).isEqualTo(1);
            assertThat(synced(th)).isEqualTo(1);

            List<AuditRecord> received = AuditRecords.of(th, AuditKind.AUDIT_KIND_SYNC);
            assertThat(received).hasSize(2);
            assertThat(outcome(received.get(0))).startsWith("refused: ").contains("the batch is not signed");
            assertThat(outcome(received.get(1))).isEqualTo("verified");
        }
    }

    /** One batch of one item, as the origin sends it: signed with its node key when {@link #peerSigns}. */
    private FeedBatch batch(FakePeer origin, FeedRequest request) {
        FeedBatch.Builder batch = FeedBatch.newBuilder()
                .setThroughSequence(1)
                .setHeadSequence(1)
                .addItems(FeedItem.newBuilder()
                        .setSequence(1)
                        .setItemId(String.format("%032x", 1))
                        .setHit(Hit.newBuilder()
                                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                .setValue(PEER_VALUE)
                                .setTlp(Tlp.TLP_GREEN)
                                .setOriginNode("ID-POLRI")
                                .setCaseHandle("ID-POLRI:h1")));
        if (!peerSigns) {
            return batch.setAfterSequence(request.getAfterSequence()).build();
        }
        try {
            return FeedBatch.parseFrom(SignedFeedBatches.sign(
                    new NodeSigner(origin.keys),
                    SignedFeedBatches.requestHash(request),
                    request.getAfterSequence(),
                    batch));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SyncResult sync(RunningNode node) {
        return node.admin().syncNow(SyncNowRequest.getDefaultInstance()).getPeersList().stream()
                .filter(p -> p.getNodeId().equals("ID-POLRI"))
                .findFirst()
                .orElseThrow();
    }

    private static int synced(RunningNode node) {
        return node.analyst()
                .lookupLocal(LookupLocalRequest.newBuilder()
                        .addQueries(LookupQuery.newBuilder()
                                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                .setValue(PEER_VALUE))
                        .build())
                .getResults(0)
                .getSyncedCount();
    }

    private static String outcome(AuditRecord record) {
        return record.getDetailsList().stream()
                .filter(d -> d.getKey().equals("outcome"))
                .map(AuditDetail::getValue)
                .findFirst()
                .orElse("");
    }
}
