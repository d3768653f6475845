package org.jaring.node.api;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.core.trust.RevocationPublisher;
import org.jaring.node.federation.Received;
import org.jaring.node.share.FeedResponder;
import org.jaring.node.share.PeerDirectory;
import org.jaring.node.share.PeerLookupResponder;
import org.jaring.node.share.blind.BlindResponder;
import org.jaring.node.sighting.SightingService;
import org.jaring.node.signing.PeerSignatures;
import org.jaring.v1.BlindEvaluateRequest;
import org.jaring.v1.BlindLookupRequest;
import org.jaring.v1.FeedRequest;
import org.jaring.v1.GetRevocationsRequest;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.SignedRevocationList;

/** The peer service on the wire. The caller's identity comes from its verified certificate only. */
public final class PeerGrpcService implements PeerServiceGrpc.AsyncService, BindableService {
    /**
     * Feed batches, lookup answers and sightings acknowledgements go out as the bytes they were signed as
     * (audit/SignedWire), bound to the hash of the request's bytes as received.
     */
    private static final MethodDescriptor<Received<FeedRequest>, byte[]> FEED_AS_SIGNED =
            PreSerialized.signedAnswersTo(PeerServiceGrpc.getFeedMethod(), FeedRequest.parser());

    private static final MethodDescriptor<Received<PeerLookupRequest>, byte[]> LOOKUP_AS_SIGNED =
            PreSerialized.signedAnswersTo(PeerServiceGrpc.getLookupMethod(), PeerLookupRequest.parser());
    private static final MethodDescriptor<Received<BlindEvaluateRequest>, byte[]> BLIND_EVALUATE_AS_SIGNED =
            PreSerialized.signedAnswersTo(PeerServiceGrpc.getBlindEvaluateMethod(), BlindEvaluateRequest.parser());
    private static final MethodDescriptor<Received<BlindLookupRequest>, byte[]> BLIND_LOOKUP_AS_SIGNED =
            PreSerialized.signedAnswersTo(PeerServiceGrpc.getBlindLookupMethod(), BlindLookupRequest.parser());
    private static final MethodDescriptor<Received<ReportSightingsRequest>, byte[]> SIGHTINGS_AS_SIGNED =
            PreSerialized.signedAnswersTo(PeerServiceGrpc.getReportSightingsMethod(), ReportSightingsRequest.parser());

    private final PeerLookupResponder responder;
    private final PeerDirectory directory;
    private final RevocationPublisher revocations;
    private final FeedResponder feed;
    private final SightingService sightings;
    /** Null: blind lookups are not served (UNIMPLEMENTED), as by a node before them. */
    private final BlindResponder blind;

    public PeerGrpcService(
            PeerLookupResponder responder,
            PeerDirectory directory,
            RevocationPublisher revocations,
            FeedResponder feed,
            SightingService sightings) {
        this(responder, directory, revocations, feed, sightings, null);
    }

    public PeerGrpcService(
            PeerLookupResponder responder,
            PeerDirectory directory,
            RevocationPublisher revocations,
            FeedResponder feed,
            SightingService sightings,
            BlindResponder blind) {
        this.blind = blind;
        this.responder = responder;
        this.directory = directory;
        this.revocations = revocations;
        this.feed = feed;
        this.sightings = sightings;
    }

    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition generated = PeerServiceGrpc.bindService(this);
        ServerServiceDefinition feed = PreSerialized.replace(
                generated, FEED_AS_SIGNED, ServerCalls.asyncServerStreamingCall(this::feedSigned));
        ServerServiceDefinition lookup =
                PreSerialized.replace(feed, LOOKUP_AS_SIGNED, ServerCalls.asyncUnaryCall(this::lookupSigned));
        ServerServiceDefinition sightings = PreSerialized.replace(
                lookup, SIGHTINGS_AS_SIGNED, ServerCalls.asyncUnaryCall(this::reportSightingsSigned));
        if (blind == null) {
            return sightings;
        }
        ServerServiceDefinition evaluate = PreSerialized.replace(
                sightings, BLIND_EVALUATE_AS_SIGNED, ServerCalls.asyncUnaryCall(this::blindEvaluateSigned));
        return PreSerialized.replace(
                evaluate, BLIND_LOOKUP_AS_SIGNED, ServerCalls.asyncUnaryCall(this::blindLookupSigned));
    }

    private void feedSigned(Received<FeedRequest> received, StreamObserver<byte[]> responses) {
        ServerCallStreamObserver<byte[]> call = (ServerCallStreamObserver<byte[]>) responses;
        FeedRequest request = received.message();
        try {
            // A batch is some 100 KB to 1 MB: with gRPC's default 32 KB threshold the origin would build the next
            // batch only once the last had been encrypted and written, one after the other instead of side by side.
            call.setOnReadyThreshold(FeedStream.QUEUED_BYTES);
            call.setOnReadyHandler(new FeedStream(
                    feed,
                    directory.asker(PeerIdentity.current()),
                    PeerSignatures.hash(received.bytes()),
                    request.getAfterSequence(),
                    FeedResponder.BatchLimits.of(request),
                    call));
        } catch (RuntimeException e) {
            call.onError(GrpcErrors.toStatus(e));
        }
    }

    private void reportSightingsSigned(Received<ReportSightingsRequest> received, StreamObserver<byte[]> responses) {
        Calls.unary(responses, () -> sightings.receive(directory.asker(PeerIdentity.current()), received));
    }

    private void lookupSigned(Received<PeerLookupRequest> received, StreamObserver<byte[]> responses) {
        Calls.unary(
                responses,
                () -> responder.answer(
                        directory.asker(PeerIdentity.current()),
                        received.message(),
                        PeerSignatures.hash(received.bytes())));
    }

    private void blindEvaluateSigned(Received<BlindEvaluateRequest> received, StreamObserver<byte[]> responses) {
        Calls.unary(
                responses,
                () -> blind.evaluate(
                        directory.asker(PeerIdentity.current()),
                        received.message(),
                        PeerSignatures.hash(received.bytes())));
    }

    private void blindLookupSigned(Received<BlindLookupRequest> received, StreamObserver<byte[]> responses) {
        Calls.unary(
                responses,
                () -> blind.lookup(
                        directory.asker(PeerIdentity.current()),
                        received.message(),
                        PeerSignatures.hash(received.bytes())));
    }

    @Override
    public void getRevocations(GetRevocationsRequest request, StreamObserver<SignedRevocationList> responses) {
        Calls.unary(responses, revocations::current);
    }
}
