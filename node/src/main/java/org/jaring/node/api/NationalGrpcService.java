package org.jaring.node.api;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.jaring.core.failure.PermissionDeniedException;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.core.trust.Role;
import org.jaring.node.cases.CaseService;
import org.jaring.node.correlate.Correlator;
import org.jaring.node.federation.FederatedLookup;
import org.jaring.node.federation.WireBytes;
import org.jaring.node.share.DisclosureQueries;
import org.jaring.node.share.SharedExport;
import org.jaring.node.sighting.SightingService;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddIndicatorsResponse;
import org.jaring.v1.Alert;
import org.jaring.v1.ExportSharedRequest;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.GetCaseRequest;
import org.jaring.v1.GetCaseResponse;
import org.jaring.v1.Hit;
import org.jaring.v1.ListAlertsRequest;
import org.jaring.v1.ListAlertsResponse;
import org.jaring.v1.ListCasesRequest;
import org.jaring.v1.ListCasesResponse;
import org.jaring.v1.ListDisclosuresRequest;
import org.jaring.v1.ListDisclosuresResponse;
import org.jaring.v1.ListSightingsRequest;
import org.jaring.v1.ListSightingsResponse;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.PutCaseResponse;
import org.jaring.v1.ReportSightingRequest;
import org.jaring.v1.ReportSightingResponse;
import org.jaring.v1.WatchAlertsRequest;
import org.jaring.v1.WithdrawIndicatorRequest;
import org.jaring.v1.WithdrawIndicatorResponse;

/** The national service on the wire: maps calls to {@link CaseService}, nothing more. */
public final class NationalGrpcService implements NationalServiceGrpc.AsyncService, BindableService {
    /** LookupLocal answers go out serialized by the node, the stored records as stored (cases/LocalLookupWire). */
    private static final MethodDescriptor<LookupLocalRequest, byte[]> LOOKUP_LOCAL_SERIALIZED =
            NationalServiceGrpc.getLookupLocalMethod().toBuilder(
                            NationalServiceGrpc.getLookupLocalMethod().getRequestMarshaller(), WireBytes.MARSHALLER)
                    .build();

    private final CaseService cases;
    private final FederatedLookup federated;
    private final DisclosureQueries disclosures;
    private final Correlator correlator;
    private final SightingService sightings;

    private final SharedExport sharedExport;

    public NationalGrpcService(
            CaseService cases,
            FederatedLookup federated,
            DisclosureQueries disclosures,
            Correlator correlator,
            SightingService sightings,
            SharedExport sharedExport) {
        this.cases = cases;
        this.federated = federated;
        this.disclosures = disclosures;
        this.correlator = correlator;
        this.sightings = sightings;
        this.sharedExport = sharedExport;
    }

    @Override
    public void listAlerts(ListAlertsRequest request, StreamObserver<ListAlertsResponse> responses) {
        Calls.unary(
                responses,
                () -> ListAlertsResponse.newBuilder()
                        .addAllAlerts(correlator
                                .alerts()
                                .newest(request.getLimit() == 0 ? 100 : Math.min(request.getLimit(), 10_000)))
                        .build());
    }

    @Override
    public void watchAlerts(WatchAlertsRequest request, StreamObserver<Alert> responses) {
        AlertWatch.start(correlator, request.getAfterAlertId(), (ServerCallStreamObserver<Alert>) responses);
    }

    @Override
    public void reportSighting(ReportSightingRequest request, StreamObserver<ReportSightingResponse> responses) {
        Calls.unary(responses, () -> sightings.report(request));
    }

    @Override
    public void listSightings(ListSightingsRequest request, StreamObserver<ListSightingsResponse> responses) {
        Calls.unary(responses, () -> sightings.list(request));
    }

    @Override
    public void putCase(PutCaseRequest request, StreamObserver<PutCaseResponse> responses) {
        Calls.unary(responses, () -> cases.putCase(PeerIdentity.current(), request));
    }

    @Override
    public void getCase(GetCaseRequest request, StreamObserver<GetCaseResponse> responses) {
        Calls.unary(responses, () -> cases.getCase(request));
    }

    @Override
    public void listCases(ListCasesRequest request, StreamObserver<ListCasesResponse> responses) {
        Calls.unary(responses, () -> cases.listCases(request));
    }

    @Override
    public void addIndicators(AddIndicatorsRequest request, StreamObserver<AddIndicatorsResponse> responses) {
        Calls.unary(responses, () -> cases.addIndicators(PeerIdentity.current(), request));
    }

    @Override
    public StreamObserver<AddIndicatorsRequest> loadIndicators(StreamObserver<AddIndicatorsResponse> responses) {
        return new BulkLoad(cases, PeerIdentity.current(), responses);
    }

    @Override
    public ServerServiceDefinition bindService() {
        return PreSerialized.replace(
                NationalServiceGrpc.bindService(this),
                LOOKUP_LOCAL_SERIALIZED,
                ServerCalls.asyncUnaryCall(this::lookupLocalSerialized));
    }

    private void lookupLocalSerialized(LookupLocalRequest request, StreamObserver<byte[]> responses) {
        Calls.unary(responses, () -> cases.lookupLocalSerialized(request));
    }

    @Override
    public void withdrawIndicator(
            WithdrawIndicatorRequest request, StreamObserver<WithdrawIndicatorResponse> responses) {
        Calls.unary(responses, () -> cases.withdraw(PeerIdentity.current(), request));
    }

    @Override
    public void lookupFederated(FederatedLookupRequest request, StreamObserver<FederatedLookupResponse> responses) {
        Calls.unary(
                responses,
                () -> federated.lookup(request, PeerIdentity.current().uri().uri()));
    }

    @Override
    public void listDisclosures(ListDisclosuresRequest request, StreamObserver<ListDisclosuresResponse> responses) {
        Calls.unary(responses, () -> disclosures.list(request));
    }

    @Override
    public void exportShared(ExportSharedRequest request, StreamObserver<Hit> responses) {
        try {
            PeerIdentity caller = PeerIdentity.current();
            if (caller.role() != Role.ADMIN) {
                throw new PermissionDeniedException("exporting what a peer may see is for admins of this node");
            }
            sharedExport.export(caller, sharedExport.asker(request.getPeerNodeId()), responses::onNext);
        } catch (Throwable failure) {
            responses.onError(GrpcErrors.toStatus(failure));
            return;
        }
        responses.onCompleted();
    }
}
