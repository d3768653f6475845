package org.jaring.node.api;

import io.grpc.stub.StreamObserver;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.node.audit.AuditAdministration;
import org.jaring.v1.AuditServiceGrpc;
import org.jaring.v1.ExportAuditRequest;
import org.jaring.v1.ExportAuditResponse;
import org.jaring.v1.VerifyAuditRequest;
import org.jaring.v1.VerifyAuditResponse;

/** The audit service on the wire (admin listener only): maps calls to {@link AuditAdministration}. */
public final class AuditGrpcService extends AuditServiceGrpc.AuditServiceImplBase {
    private final AuditAdministration audit;

    public AuditGrpcService(AuditAdministration audit) {
        this.audit = audit;
    }

    private static String admin() {
        return PeerIdentity.current().uri().uri();
    }

    @Override
    public void verifyAudit(VerifyAuditRequest request, StreamObserver<VerifyAuditResponse> responses) {
        Calls.unary(responses, () -> audit.verify(admin()));
    }

    @Override
    public void exportAudit(ExportAuditRequest request, StreamObserver<ExportAuditResponse> responses) {
        Calls.unary(responses, () -> audit.export(request, admin()));
    }
}
