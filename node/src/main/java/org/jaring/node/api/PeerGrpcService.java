package org.jaring.node.api;

import io.grpc.stub.StreamObserver;
import org.jaring.node.share.PeerLookupResponder;
import org.jaring.node.trust.PeerIdentity;
import org.jaring.node.share.PeerDirectory;
import org.jaring.node.trust.RevocationPublisher;
import org.jaring.v1.GetRevocationsRequest;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.SignedRevocationList;

/** The peer service on the wire. The caller's identity comes from its verified certificate only. */
public final class PeerGrpcService extends PeerServiceGrpc.PeerServiceImplBase {
    private final PeerLookupResponder responder;
    private final PeerDirectory directory;
    private final RevocationPublisher revocations;

    public PeerGrpcService(PeerLookupResponder responder, PeerDirectory directory, RevocationPublisher revocations) {
        this.responder = responder;
        this.directory = directory;
        this.revocations = revocations;
    }

    @Override
    public void lookup(PeerLookupRequest request, StreamObserver<PeerLookupResponse> responses) {
        Calls.unary(responses, () -> responder.answer(directory.asker(PeerIdentity.current()), request));
    }

    @Override
    public void getRevocations(GetRevocationsRequest request, StreamObserver<SignedRevocationList> responses) {
        Calls.unary(responses, revocations::current);
    }
}
