package org.jaring.node.audit;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import org.jaring.node.trust.TrustSnapshot;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.ReportSightingsResponse;

/**
 * Signed sightings (docs/audit.md): the reporting node signs each report, addressed to the origin; the origin
 * signs its acknowledgement bound to the hash of the report. Each side checks the other's signature with the
 * shared signer checks ({@link PeerSignatures}) and refuses what does not verify.
 */
public final class SignedSightings {
    private static final byte[] REPORT_DOMAIN = PeerSignatures.domain("jaring-sightings-v1\0");
    private static final byte[] ACK_DOMAIN = PeerSignatures.domain("jaring-sightings-ack-v1\0");

    private SignedSightings() {
    }

    public static byte[] requestHash(ReportSightingsRequest request) {
        return PeerSignatures.hash(request.toByteArray());
    }

    static byte[] signedBytes(ReportSightingsRequest r) {
        return PeerSignatures.withDomain(REPORT_DOMAIN, r.toBuilder().clearSignature().clearSignerFingerprint().build()
                .toByteArray());
    }

    static byte[] signedBytes(ReportSightingsResponse r) {
        return PeerSignatures.withDomain(ACK_DOMAIN, r.toBuilder().clearSignature().clearSignerFingerprint().build()
                .toByteArray());
    }

    /** The report addressed to {@code origin}, signed with the node's current key (unsigned when signer is null). */
    public static ReportSightingsRequest sign(NodeSigner signer, String origin, ReportSightingsRequest.Builder report) {
        report.setOriginNode(origin);
        if (signer == null) {
            return report.build();
        }
        NodeSigner.Key key = signer.current();
        report.setSignerCertificatePemBytes(key.certificatePemBytes());
        byte[] signature = key.sign(d -> d.update(signedBytes(report.build())));
        return report.setSignature(ByteString.copyFrom(signature)).setSignerFingerprint(key.fingerprint()).build();
    }

    /** The acknowledgement of {@code report}, signed (unsigned when signer is null). */
    public static ReportSightingsResponse sign(NodeSigner signer, ReportSightingsRequest report,
                                               ReportSightingsResponse.Builder ack) {
        if (signer == null) {
            return ack.build();
        }
        NodeSigner.Key key = signer.current();
        ack.setRequestHash(ByteString.copyFrom(requestHash(report))).setSignerCertificatePemBytes(key.certificatePemBytes());
        byte[] signature = key.sign(d -> d.update(signedBytes(ack.build())));
        return ack.setSignature(ByteString.copyFrom(signature)).setSignerFingerprint(key.fingerprint()).build();
    }

    /** Null when {@code report} is signed by {@code reporter} and addressed to {@code self}; else why not. */
    public static String check(TrustSnapshot trust, String reporter, String self, ReportSightingsRequest report) {
        if (report.getSignature().isEmpty()) {
            return "the report is not signed";
        }
        if (!report.getOriginNode().equals(self)) {
            return "the report is addressed to '" + report.getOriginNode() + "', not to " + self;
        }
        return PeerSignatures.check(trust, reporter, report.getSignerCertificatePem(), report.getSignerFingerprint(),
                report.getSignature().toByteArray(), signedBytes(report));
    }

    /** Null when {@code ack} is signed by {@code origin} and acknowledges exactly {@code report}; else why not. */
    public static String check(TrustSnapshot trust, String origin, ReportSightingsRequest report,
                               ReportSightingsResponse ack) {
        if (ack.getSignature().isEmpty()) {
            return "the acknowledgement is not signed";
        }
        if (!Arrays.equals(ack.getRequestHash().toByteArray(), requestHash(report))) {
            return "the acknowledgement is bound to another report (request_hash differs)";
        }
        return PeerSignatures.check(trust, origin, ack.getSignerCertificatePem(), ack.getSignerFingerprint(),
                ack.getSignature().toByteArray(), signedBytes(ack));
    }
}
