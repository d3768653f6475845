package org.jaring.node.api;

import io.grpc.stub.StreamObserver;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.node.requests.CooperationRequests;
import org.jaring.v1.DeliverRequestRequest;
import org.jaring.v1.DeliverRequestResponse;
import org.jaring.v1.DeliverTransitionResponse;
import org.jaring.v1.RequestPeerServiceGrpc;
import org.jaring.v1.Transition;

/** The request service between nodes (peer listener). The caller is the node ID in its verified certificate. */
public final class RequestPeerGrpcService extends RequestPeerServiceGrpc.RequestPeerServiceImplBase {
    private final CooperationRequests requests;

    public RequestPeerGrpcService(CooperationRequests requests) {
        this.requests = requests;
    }

    @Override
    public void deliverRequest(DeliverRequestRequest request, StreamObserver<DeliverRequestResponse> responses) {
        Calls.unary(
                responses,
                () -> requests.receiveRequest(PeerIdentity.current().nodeId().value(), request));
    }

    @Override
    public void deliverTransition(Transition request, StreamObserver<DeliverTransitionResponse> responses) {
        Calls.unary(
                responses,
                () -> requests.receiveTransition(PeerIdentity.current().nodeId().value(), request));
    }
}
