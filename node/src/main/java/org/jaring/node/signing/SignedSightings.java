package org.jaring.node.signing;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.Objects;
import org.jaring.core.trust.SignedKind;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.ReportSightingsResponse;

/**
 * Signed sightings (docs/audit.md): the reporting node signs each report, addressed to the origin; the origin
 * signs its acknowledgement bound to the hash of the report's bytes as received. Both are signed and checked over
 * the bytes that travel ({@link SignedWire}), as lookup answers and feed batches are, so a report encoded by
 * another implementation (fields in another order, fields this one does not know) verifies as sent. Each side
 * checks the other's signature with the shared signer checks ({@link PeerSignatures}) and refuses what does not
 * verify.
 */
public final class SignedSightings {
    private static final byte[] REPORT_DOMAIN = SignedKind.SIGHTING_REPORT.domain();
    private static final byte[] ACK_DOMAIN = SignedKind.SIGHTING_ACK.domain();

    private SignedSightings() {}

    /** How an acknowledgement names the report it answers: SHA-256 of the report's bytes as sent. */
    public static byte[] requestHash(byte[] reportWire) {
        return PeerSignatures.hash(reportWire);
    }

    /**
     * The report addressed to {@code origin}, signed with the node's current key and serialized for the wire.
     */
    public static byte[] sign(NodeSigner signer, String origin, ReportSightingsRequest.Builder report) {
        Objects.requireNonNull(signer, "signer");
        report.setOriginNode(origin).clearSignature().clearSignerFingerprint();
        NodeSigner.Key key = signer.current();
        return signReport(
                key,
                report.setSignerCertificatePemBytes(key.certificatePemBytes())
                        .build()
                        .toByteArray());
    }

    /**
     * {@code unsigned} (a report serialized without its signature fields, naming the key's certificate) signed with
     * {@code key}, the two fields appended: the bytes to send.
     */
    public static byte[] signReport(NodeSigner.Key key, byte[] unsigned) {
        return SignedWire.withSignature(
                unsigned,
                ReportSightingsRequest.SIGNATURE_FIELD_NUMBER,
                key.sign(REPORT_DOMAIN, unsigned),
                ReportSightingsRequest.SIGNER_FINGERPRINT_FIELD_NUMBER,
                key.fingerprint());
    }

    /**
     * The acknowledgement of the report received as {@code reportWire}, signed and serialized for the wire.
     */
    public static byte[] sign(NodeSigner signer, byte[] reportWire, ReportSightingsResponse.Builder ack) {
        Objects.requireNonNull(signer, "signer");
        ack.clearSignature().clearSignerFingerprint();
        NodeSigner.Key key = signer.current();
        byte[] unsigned = ack.setRequestHash(ByteString.copyFrom(requestHash(reportWire)))
                .setSignerCertificatePemBytes(key.certificatePemBytes())
                .build()
                .toByteArray();
        return SignedWire.withSignature(
                unsigned,
                ReportSightingsResponse.SIGNATURE_FIELD_NUMBER,
                key.sign(ACK_DOMAIN, unsigned),
                ReportSightingsResponse.SIGNER_FINGERPRINT_FIELD_NUMBER,
                key.fingerprint());
    }

    /**
     * Null when {@code report}, received as {@code wire}, is signed by {@code reporter} and addressed to
     * {@code self}; else why not.
     */
    public static String check(
            TrustSnapshot trust, String reporter, String self, ReportSightingsRequest report, byte[] wire) {
        if (report.getSignature().isEmpty()) {
            return "the report is not signed";
        }
        if (!report.getOriginNode().equals(self)) {
            return "the report is addressed to '" + report.getOriginNode() + "', not to " + self;
        }
        return new PeerSignatures.Verifier()
                .check(
                        trust,
                        SignedKind.SIGHTING_REPORT,
                        reporter,
                        report.getSignerCertificatePem(),
                        report.getSignerFingerprint(),
                        report.getSignature().toByteArray(),
                        d -> SignedWire.feedSigned(
                                d,
                                REPORT_DOMAIN,
                                wire,
                                ReportSightingsRequest.SIGNATURE_FIELD_NUMBER,
                                ReportSightingsRequest.SIGNER_FINGERPRINT_FIELD_NUMBER));
    }

    /**
     * Null when {@code ack}, received as {@code ackWire}, is signed by {@code origin} and acknowledges exactly the
     * report sent as {@code reportWire}; else why not.
     */
    public static String check(
            TrustSnapshot trust, String origin, byte[] reportWire, ReportSightingsResponse ack, byte[] ackWire) {
        if (ack.getSignature().isEmpty()) {
            return "the acknowledgement is not signed";
        }
        if (!Arrays.equals(ack.getRequestHash().toByteArray(), requestHash(reportWire))) {
            return "the acknowledgement is bound to another report (request_hash differs)";
        }
        return new PeerSignatures.Verifier()
                .check(
                        trust,
                        SignedKind.SIGHTING_ACK,
                        origin,
                        ack.getSignerCertificatePem(),
                        ack.getSignerFingerprint(),
                        ack.getSignature().toByteArray(),
                        d -> SignedWire.feedSigned(
                                d,
                                ACK_DOMAIN,
                                ackWire,
                                ReportSightingsResponse.SIGNATURE_FIELD_NUMBER,
                                ReportSightingsResponse.SIGNER_FINGERPRINT_FIELD_NUMBER));
    }
}
