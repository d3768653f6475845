package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Timestamps;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.jaring.core.oprf.BlindEvaluation;
import org.jaring.core.oprf.Voprf;
import org.jaring.core.oprf.VoprfServer;
import org.jaring.node.FakePeer;
import org.jaring.node.RunningNode;
import org.jaring.node.signing.AnswerSigner;
import org.jaring.node.signing.PeerSignatures;
import org.jaring.v1.BlindEvaluateRequest;
import org.jaring.v1.BlindEvaluateResponse;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.LookupMode;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.PeerStatus;
import org.jaring.v1.Purpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trusted holder acting in bad faith on blind lookups, behind real mutual TLS, with its real node key: a tampered
 * proof and a key changed within an epoch are refused by the asker before any tag is sent; a holder without blind
 * lookups is never sent a value in clear in BLIND mode, and is asked plain in BLIND_WHERE_SUPPORTED.
 */
class HostileBlindHolderTest {
    static final String EMAIL = "journalist@press.example";

    /** A holder serving BlindEvaluate as the test says, and counting what reaches it. */
    static final class Holder {
        final FakePeer peer;
        final AtomicInteger evaluations = new AtomicInteger();
        final AtomicInteger blindLookups = new AtomicInteger();
        final AtomicInteger plainLookups = new AtomicInteger();
        final AtomicReference<VoprfServer> key =
                new AtomicReference<>(new VoprfServer(Voprf.generateKeyPair(new SecureRandom())));
        final AtomicReference<UnaryOperator<BlindEvaluateResponse.Builder>> tamper =
                new AtomicReference<>(UnaryOperator.identity());

        Holder(Path dir, RunningNode asker, boolean blind) throws Exception {
            peer = new FakePeer(dir, "VN-HOLDER", asker);
            AnswerSigner signer = new AnswerSigner(peer.keys);
            MethodDescriptor<Received<BlindEvaluateRequest>, byte[]> evaluate =
                    PeerServiceGrpc.getBlindEvaluateMethod().toBuilder(
                                    Received.marshaller(BlindEvaluateRequest.parser(), Status.INVALID_ARGUMENT),
                                    WireBytes.MARSHALLER)
                            .build();
            ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(PeerServiceGrpc.SERVICE_NAME)
                    .addMethod(
                            PeerServiceGrpc.getLookupMethod(),
                            ServerCalls.asyncUnaryCall(
                                    (PeerLookupRequest r, io.grpc.stub.StreamObserver<PeerLookupResponse> out) -> {
                                        plainLookups.incrementAndGet();
                                        out.onError(Status.UNAVAILABLE.asRuntimeException());
                                    }))
                    .addMethod(
                            PeerServiceGrpc.getBlindLookupMethod(),
                            ServerCalls.asyncUnaryCall(
                                    (org.jaring.v1.BlindLookupRequest r,
                                            io.grpc.stub.StreamObserver<PeerLookupResponse> out) -> {
                                        blindLookups.incrementAndGet();
                                        out.onError(Status.UNAVAILABLE.asRuntimeException());
                                    }));
            if (blind) {
                service.addMethod(
                        evaluate,
                        ServerCalls.asyncUnaryCall(
                                (Received<BlindEvaluateRequest> r, io.grpc.stub.StreamObserver<byte[]> out) -> {
                                    evaluations.incrementAndGet();
                                    List<byte[]> elements = new ArrayList<>();
                                    for (ByteString e : r.message().getBlindedElementsList()) {
                                        elements.add(e.toByteArray());
                                    }
                                    BlindEvaluation ev = key.get().blindEvaluate(elements, new SecureRandom());
                                    BlindEvaluateResponse.Builder b = BlindEvaluateResponse.newBuilder()
                                            .setProof(ByteString.copyFrom(ev.proof()))
                                            .setPublicKey(ByteString.copyFrom(
                                                    key.get().publicKey()))
                                            .setKeyEpoch(5)
                                            .setKeyValidUntil(
                                                    Timestamps.fromMillis(System.currentTimeMillis() + 86_400_000L));
                                    ev.evaluatedElements().forEach(e -> b.addEvaluatedElements(ByteString.copyFrom(e)));
                                    out.onNext(signer.signEvaluation(
                                            PeerSignatures.sha256().digest(r.bytes()),
                                            tamper.get().apply(b)));
                                    out.onCompleted();
                                }));
            }
            ServerServiceDefinition built = service.build();
            peer.serve(() -> built);
            peer.pinnedBy(asker);
        }
    }

    static PeerStatus ask(RunningNode th, LookupMode mode) {
        return th.analyst()
                .lookupFederated(FederatedLookupRequest.newBuilder()
                        .addQueries(LookupQuery.newBuilder()
                                .setType(IndicatorType.INDICATOR_TYPE_EMAIL)
                                .setValue(EMAIL))
                        .setPurpose(Purpose.newBuilder()
                                .setCaseReference("TH-9")
                                .setLegalBasis(LegalBasis.LEGAL_BASIS_RECIPROCITY))
                        .addPeers("VN-HOLDER")
                        .setMode(mode)
                        .build())
                .getPeers(0);
    }

    @Test
    void aTamperedProofOrAKeyChangedWithinItsEpochIsRefusedBeforeAnyTagIsSent(@TempDir Path dir) throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB")) {
            Holder holder = new Holder(dir.resolve("vn"), th, true);
            try {
                holder.tamper.set(b -> {
                    byte[] proof = b.getProof().toByteArray();
                    proof[40] ^= 1;
                    return b.setProof(ByteString.copyFrom(proof));
                });
                PeerStatus tampered = ask(th, LookupMode.LOOKUP_MODE_BLIND);
                assertThat(tampered.getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
                assertThat(tampered.getDetail()).contains("does not verify");
                assertThat(holder.blindLookups.get()).isZero();

                holder.tamper.set(UnaryOperator.identity());
                // Honest evaluation: the tags go out (this holder's BlindLookup then fails on purpose).
                ask(th, LookupMode.LOOKUP_MODE_BLIND);
                assertThat(holder.blindLookups.get()).isEqualTo(1);

                // Another key, still epoch 5: a valid proof for it, and refused.
                holder.key.set(new VoprfServer(Voprf.generateKeyPair(new SecureRandom())));
                PeerStatus switched = ask(th, LookupMode.LOOKUP_MODE_BLIND);
                assertThat(switched.getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
                assertThat(switched.getDetail()).contains("epoch 5").contains("differs");
                assertThat(holder.blindLookups.get()).isEqualTo(1);
                assertThat(holder.plainLookups.get()).isZero();
            } finally {
                holder.peer.close();
            }
        }
    }

    @Test
    void aHolderWithoutBlindLookupsGetsNoValueInBlindModeAndAPlainQuestionWhereSupported(@TempDir Path dir)
            throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB")) {
            Holder holder = new Holder(dir.resolve("vn"), th, false);
            try {
                PeerStatus blind = ask(th, LookupMode.LOOKUP_MODE_BLIND);
                assertThat(blind.getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
                assertThat(blind.getDetail()).contains("no value was sent");
                assertThat(holder.plainLookups.get()).isZero();

                PeerStatus where = ask(th, LookupMode.LOOKUP_MODE_BLIND_WHERE_SUPPORTED);
                assertThat(where.getMode()).isEqualTo(LookupMode.LOOKUP_MODE_PLAIN);
                assertThat(holder.plainLookups.get()).isEqualTo(1);
            } finally {
                holder.peer.close();
            }
        }
    }
}
