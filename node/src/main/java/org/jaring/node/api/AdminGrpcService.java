package org.jaring.node.api;

import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.function.Supplier;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.node.admin.TrustAdministration;
import org.jaring.node.ops.Backups;
import org.jaring.v1.AddPeerRequest;
import org.jaring.v1.AddPeerResponse;
import org.jaring.v1.AdminServiceGrpc;
import org.jaring.v1.BlockPeerCertificateRequest;
import org.jaring.v1.BlockPeerCertificateResponse;
import org.jaring.v1.CreateBackupRequest;
import org.jaring.v1.CreateBackupResponse;
import org.jaring.v1.GetRevocationsRequest;
import org.jaring.v1.ListPeersRequest;
import org.jaring.v1.ListPeersResponse;
import org.jaring.v1.PeersStatusRequest;
import org.jaring.v1.PeersStatusResponse;
import org.jaring.v1.PublishRevocationsResponse;
import org.jaring.v1.ReloadNodeCertificateRequest;
import org.jaring.v1.ReloadNodeCertificateResponse;
import org.jaring.v1.RemovePeerRequest;
import org.jaring.v1.RemovePeerResponse;
import org.jaring.v1.SignedRevocationList;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.SyncNowResponse;

/** The admin service on the wire: maps calls to {@link TrustAdministration}, nothing more. */
public final class AdminGrpcService extends AdminServiceGrpc.AdminServiceImplBase {
    private final TrustAdministration trust;
    private final Backups backups;
    private final Supplier<ReloadNodeCertificateResponse> reloadCertificate;
    private final Supplier<SyncNowResponse> syncNow;

    public AdminGrpcService(
            TrustAdministration trust,
            Backups backups,
            Supplier<ReloadNodeCertificateResponse> reloadCertificate,
            Supplier<SyncNowResponse> syncNow) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.backups = Objects.requireNonNull(backups, "backups");
        this.reloadCertificate = Objects.requireNonNull(reloadCertificate, "reloadCertificate");
        this.syncNow = Objects.requireNonNull(syncNow, "syncNow");
    }

    @Override
    public void syncNow(SyncNowRequest request, StreamObserver<SyncNowResponse> responses) {
        Calls.unary(responses, syncNow);
    }

    @Override
    public void createBackup(CreateBackupRequest request, StreamObserver<CreateBackupResponse> responses) {
        Calls.unary(responses, () -> backups.create(request, admin()));
    }

    private static String admin() {
        return PeerIdentity.current().uri().uri();
    }

    @Override
    public void addPeer(AddPeerRequest request, StreamObserver<AddPeerResponse> responses) {
        Calls.unary(
                responses,
                () -> AddPeerResponse.newBuilder()
                        .setPeer(trust.addPeer(request, admin()))
                        .build());
    }

    @Override
    public void listPeers(ListPeersRequest request, StreamObserver<ListPeersResponse> responses) {
        Calls.unary(
                responses,
                () -> ListPeersResponse.newBuilder()
                        .addAllPeers(trust.listPeers())
                        .build());
    }

    @Override
    public void removePeer(RemovePeerRequest request, StreamObserver<RemovePeerResponse> responses) {
        Calls.unary(responses, () -> {
            trust.removePeer(request.getNodeId(), admin());
            return RemovePeerResponse.getDefaultInstance();
        });
    }

    @Override
    public void blockPeerCertificate(
            BlockPeerCertificateRequest request, StreamObserver<BlockPeerCertificateResponse> responses) {
        Calls.unary(responses, () -> {
            trust.blockPeerCertificate(request, admin());
            return BlockPeerCertificateResponse.getDefaultInstance();
        });
    }

    @Override
    public void getRevocations(GetRevocationsRequest request, StreamObserver<SignedRevocationList> responses) {
        Calls.unary(responses, trust::ownRevocations);
    }

    @Override
    public void publishRevocations(SignedRevocationList request, StreamObserver<PublishRevocationsResponse> responses) {
        Calls.unary(responses, () -> trust.publishRevocations(request, admin()));
    }

    @Override
    public void reloadNodeCertificate(
            ReloadNodeCertificateRequest request, StreamObserver<ReloadNodeCertificateResponse> responses) {
        Calls.unary(responses, reloadCertificate);
    }

    @Override
    public void peersStatus(PeersStatusRequest request, StreamObserver<PeersStatusResponse> responses) {
        Calls.unary(responses, trust::peersStatus);
    }
}
