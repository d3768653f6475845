package org.jaring.node.api;

import io.grpc.stub.StreamObserver;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.node.requests.CooperationRequests;
import org.jaring.v1.ChangeStateRequest;
import org.jaring.v1.CreateRequestRequest;
import org.jaring.v1.GetRequestRequest;
import org.jaring.v1.ListRequestsRequest;
import org.jaring.v1.ListRequestsResponse;
import org.jaring.v1.RequestRecord;
import org.jaring.v1.RequestServiceGrpc;

/** The request service for a state's own officers (national listener). The actor is the certificate's principal. */
public final class RequestGrpcService extends RequestServiceGrpc.RequestServiceImplBase {
    private final CooperationRequests requests;

    public RequestGrpcService(CooperationRequests requests) {
        this.requests = requests;
    }

    @Override
    public void createRequest(CreateRequestRequest request, StreamObserver<RequestRecord> responses) {
        Calls.unary(responses, () -> requests.create(PeerIdentity.current(), request));
    }

    @Override
    public void listRequests(ListRequestsRequest request, StreamObserver<ListRequestsResponse> responses) {
        Calls.unary(
                responses,
                () -> ListRequestsResponse.newBuilder()
                        .addAllRequests(requests.list(request.getLimit()))
                        .build());
    }

    @Override
    public void getRequest(GetRequestRequest request, StreamObserver<RequestRecord> responses) {
        Calls.unary(responses, () -> requests.get(request.getRequestId()));
    }

    @Override
    public void changeState(ChangeStateRequest request, StreamObserver<RequestRecord> responses) {
        Calls.unary(responses, () -> requests.change(PeerIdentity.current(), request));
    }

    @Override
    public void listOverdue(ListRequestsRequest request, StreamObserver<ListRequestsResponse> responses) {
        Calls.unary(
                responses,
                () -> ListRequestsResponse.newBuilder()
                        .addAllRequests(requests.overdue())
                        .build());
    }
}
