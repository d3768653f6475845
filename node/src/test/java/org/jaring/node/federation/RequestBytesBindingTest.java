package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.jaring.node.RunningNode;
import org.jaring.node.signing.AnswerVerifier;
import org.jaring.node.signing.SignedFeedBatches;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedRequest;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.Purpose;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed answer is bound to the request as its asker sent it: {@code request_hash} is the SHA-256 of the bytes
 * that arrived, not of the answering node's own encoding of them. Protobuf allows more than one encoding of a
 * message (field order, unknown fields from a newer version), and an asker built elsewhere hashes what it sent;
 * an answer bound to a re-encoding would be refused by such an asker although nothing was wrong with it.
 */
class RequestBytesBindingTest {
    private static final String DOMAIN = "parcel-redelivery.example";

    @TempDir
    Path dir;

    /** The request's own encoding after an unknown field 99 (varint 1): valid, and not how Java re-encodes it. */
    private static byte[] unknownFieldFirst(byte[] encoded) {
        byte[] out = new byte[encoded.length + 3];
        out[0] = (byte) 0x98; // field 99, wire type 0
        out[1] = 0x06;
        out[2] = 0x01;
        System.arraycopy(encoded, 0, out, 3, encoded.length);
        return out;
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static <Q, R> MethodDescriptor<byte[], byte[]> asBytes(MethodDescriptor<Q, R> method) {
        return method.toBuilder(WireBytes.MARSHALLER, WireBytes.MARSHALLER).build();
    }

    @Test
    void answersAndFeedBatchesAreBoundToTheRequestBytesAsSent() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", "sync: {interval: 1h}\n");
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", "sync: {interval: 1h}\n")) {
            th.trust(my, "asean");
            my.trust(th, "asean");
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
                                    .setValue(DOMAIN))
                            .build());
            // TH's own peer channel to MY: TH's node certificate, as a federated lookup uses it.
            Channel toMy = th.node.peerChannels().stub("MY-PDRM").getChannel();

            PeerLookupRequest request = PeerLookupRequest.newBuilder()
                    .setRequestId("5f0c7c8e-6f2e-4c43-9d55-0b7a1c3e9a10")
                    .setPurpose(Purpose.newBuilder()
                            .setCaseReference("TH-2026-7")
                            .setLegalBasis(LegalBasis.LEGAL_BASIS_BILATERAL_TREATY))
                    .addQueries(LookupQuery.newBuilder()
                            .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                            .setValue(DOMAIN))
                    .build();
            byte[] sent = unknownFieldFirst(request.toByteArray());
            byte[] reEncoded = PeerLookupRequest.parseFrom(sent).toByteArray();
            assertThat(sha256(reEncoded))
                    .as("the premise: the answering node's encoding differs")
                    .isNotEqualTo(sha256(sent));

            byte[] wire = ClientCalls.blockingUnaryCall(
                    toMy,
                    asBytes(PeerServiceGrpc.getLookupMethod()),
                    CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                    sent);
            PeerLookupResponse answer = PeerLookupResponse.parseFrom(wire);
            assertThat(answer.getResultsList()).hasSize(1);
            assertThat(answer.getRequestHash().toByteArray()).isEqualTo(sha256(sent));
            assertThat(new AnswerVerifier().check(th.node.trust().snapshot(), "MY-PDRM", sha256(sent), answer, wire))
                    .as("the asker that sent these bytes accepts the answer")
                    .isNull();
            assertThat(new AnswerVerifier()
                            .check(th.node.trust().snapshot(), "MY-PDRM", sha256(reEncoded), answer, wire))
                    .as("and it is bound to them, not to another encoding")
                    .isNotNull();

            FeedRequest pull = FeedRequest.newBuilder()
                    .setAfterSequence(0)
                    .setMaxItemsPerBatch(100)
                    .build();
            byte[] pullSent = unknownFieldFirst(pull.toByteArray());
            Iterator<byte[]> batches = ClientCalls.blockingServerStreamingCall(
                    toMy,
                    asBytes(PeerServiceGrpc.getFeedMethod()),
                    CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                    pullSent);
            FeedBatch first = FeedBatch.parseFrom(batches.next());
            assertThat(first.getItemsList()).anyMatch(i -> i.getHit().getValue().equals(DOMAIN));
            assertThat(first.getRequestHash().toByteArray())
                    .isEqualTo(sha256(pullSent))
                    .isNotEqualTo(SignedFeedBatches.requestHash(FeedRequest.parseFrom(pullSent)));
            batches.forEachRemaining(b -> {});
        }
    }
}
