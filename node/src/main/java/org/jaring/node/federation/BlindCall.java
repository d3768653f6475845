package org.jaring.node.federation;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.oprf.BlindEvaluation;
import org.jaring.core.oprf.Blinded;
import org.jaring.core.oprf.OprfException;
import org.jaring.core.oprf.VoprfClient;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.node.share.blind.BlindTags;
import org.jaring.node.signing.AnswerVerifier;
import org.jaring.node.signing.PeerSignatures;
import org.jaring.v1.BlindEvaluateRequest;
import org.jaring.v1.BlindEvaluateResponse;
import org.jaring.v1.BlindLookupRequest;
import org.jaring.v1.LookupMode;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.Purpose;

/**
 * One peer asked blind (docs/blind-lookup.md): blind the values, have the peer evaluate them, check its signature,
 * its key against the pin and the VOPRF proof, derive the tags, and look the tags up. The answer is a plain lookup
 * answer, checked by the caller like any other against {@link #requestHash()}. With {@code whereSupported}, a peer
 * that answers the evaluation UNIMPLEMENTED is asked the plain way instead; without it, no value ever leaves
 * this node in clear.
 */
final class BlindCall {
    static final io.grpc.MethodDescriptor<BlindEvaluateRequest, Received<BlindEvaluateResponse>> EVALUATE =
            Received.keepingBytes(PeerServiceGrpc.getBlindEvaluateMethod(), BlindEvaluateResponse.parser());
    static final io.grpc.MethodDescriptor<BlindLookupRequest, Received<PeerLookupResponse>> BLIND_LOOKUP =
            Received.keepingBytes(PeerServiceGrpc.getBlindLookupMethod(), PeerLookupResponse.parser());

    /** Blinding needs no key (RFC 9497 Blind); the client is built on the generator only to hold the method. */
    private static final VoprfClient BLINDER =
            new VoprfClient(CustomNamedCurves.getByName("P-256").getG().getEncoded(true));

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String peer;
    private final PeerServiceGrpc.PeerServiceFutureStub stub;
    private final Supplier<TrustSnapshot> trust;
    private final AnswerVerifier verifier;
    private final BlindKeyPins pins;
    private volatile LookupMode mode = LookupMode.LOOKUP_MODE_BLIND;
    private volatile byte[] requestHash;
    private volatile boolean evaluated;

    BlindCall(
            String peer,
            PeerServiceGrpc.PeerServiceFutureStub stub,
            Supplier<TrustSnapshot> trust,
            AnswerVerifier verifier,
            BlindKeyPins pins) {
        this.peer = peer;
        this.stub = stub;
        this.trust = trust;
        this.verifier = verifier;
        this.pins = pins;
    }

    /** The mode the peer was (last) asked in. */
    LookupMode mode() {
        return mode;
    }

    /** The hash of the request the final answer must be bound to; set before the answer's future completes. */
    byte[] requestHash() {
        return requestHash;
    }

    /**
     * Starts the call. {@code plain} and {@code plainHash} are the plain request and its hash, used only with
     * {@code whereSupported} for a peer without blind lookups.
     */
    ListenableFuture<Received<PeerLookupResponse>> start(
            List<CanonicalValue> values,
            Purpose purpose,
            String requestId,
            boolean whereSupported,
            PeerLookupRequest plain,
            byte[] plainHash) {
        List<byte[]> inputs = new ArrayList<>(values.size());
        for (CanonicalValue v : values) {
            inputs.add(BlindTags.input(v));
        }
        Blinded blinded = BLINDER.blind(inputs, RANDOM);
        BlindEvaluateRequest.Builder request =
                BlindEvaluateRequest.newBuilder().setPurpose(purpose).setRequestId(requestId);
        for (byte[] e : blinded.blindedElements()) {
            request.addBlindedElements(ByteString.copyFrom(e));
        }
        BlindEvaluateRequest built = request.build();
        byte[] evaluateHash = PeerSignatures.sha256().digest(built.toByteArray());
        ListenableFuture<Received<PeerLookupResponse>> answer = Futures.transformAsync(
                ClientCalls.futureUnaryCall(stub.getChannel().newCall(EVALUATE, stub.getCallOptions()), built),
                evaluation -> {
                    evaluated = true;
                    BlindLookupRequest lookup = tags(evaluation, evaluateHash, blinded, purpose, requestId);
                    requestHash = PeerSignatures.sha256().digest(lookup.toByteArray());
                    return ClientCalls.futureUnaryCall(
                            stub.getChannel().newCall(BLIND_LOOKUP, stub.getCallOptions()), lookup);
                },
                MoreExecutors.directExecutor());
        if (!whereSupported) {
            return answer;
        }
        return Futures.catchingAsync(
                answer,
                StatusRuntimeException.class,
                e -> {
                    if (evaluated || e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                        throw e;
                    }
                    mode = LookupMode.LOOKUP_MODE_PLAIN;
                    requestHash = plainHash;
                    return ClientCalls.futureUnaryCall(
                            stub.getChannel().newCall(FederatedLookup.LOOKUP_KEEPING_BYTES, stub.getCallOptions()),
                            plain);
                },
                MoreExecutors.directExecutor());
    }

    /** Checks the evaluation and derives the tags; a refusal names what was wrong. */
    private BlindLookupRequest tags(
            Received<BlindEvaluateResponse> received,
            byte[] evaluateHash,
            Blinded blinded,
            Purpose purpose,
            String requestId) {
        BlindEvaluateResponse r = received.message();
        String unsigned = verifier.checkEvaluation(trust.get(), peer, evaluateHash, r, received.bytes());
        if (unsigned != null) {
            throw new BlindRefusedException(unsigned);
        }
        if (r.getEvaluatedElementsCount() != blinded.size()) {
            throw new BlindRefusedException(
                    r.getEvaluatedElementsCount() + " evaluated elements for " + blinded.size() + " asked");
        }
        byte[] key = r.getPublicKey().toByteArray();
        List<byte[]> outputs;
        try {
            List<byte[]> elements = new ArrayList<>(r.getEvaluatedElementsCount());
            for (ByteString e : r.getEvaluatedElementsList()) {
                elements.add(e.toByteArray());
            }
            outputs = new VoprfClient(key)
                    .finalize(
                            blinded, new BlindEvaluation(elements, r.getProof().toByteArray()));
        } catch (OprfException e) {
            throw new BlindRefusedException("its evaluation does not verify: " + e.getMessage());
        }
        // Pinned only once the proof holds for it: a forged evaluation must not pin its key.
        String pinned = pins.check(peer, r.getKeyEpoch(), key);
        if (pinned != null) {
            throw new BlindRefusedException(pinned);
        }
        BlindLookupRequest.Builder lookup = BlindLookupRequest.newBuilder()
                .setPurpose(purpose)
                .setRequestId(requestId)
                .setKeyEpoch(r.getKeyEpoch());
        for (byte[] output : outputs) {
            lookup.addTags(ByteString.copyFrom(BlindTags.tag(r.getKeyEpoch(), output)));
        }
        return lookup.build();
    }
}
