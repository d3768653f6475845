package org.jaring.node.signing;

import com.google.protobuf.ByteString;
import java.util.Objects;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.SignedKind;
import org.jaring.v1.BlindEvaluateResponse;
import org.jaring.v1.PeerLookupResponse;

/**
 * Signs a node's peer answers (format in {@link SignedResponses}) with its current key ({@link NodeSigner}), as the
 * bytes that are sent ({@link SignedWire}).
 */
public final class AnswerSigner implements AnswerSealer {
    private final NodeSigner signer;

    public AnswerSigner(KeySource keys) {
        this.signer = new NodeSigner(Objects.requireNonNull(keys, "keys"));
    }

    /**
     * The answer to the request whose bytes hash to {@code requestHash}, signed and serialized for the wire: encoded
     * once, signed, the signature fields appended.
     */
    public byte[] sign(byte[] requestHash, PeerLookupResponse.Builder response) {
        return seal(requestHash, response);
    }

    /**
     * A blind evaluation (docs/protocol.md 7.5), signed like a lookup answer under its own domain
     * ({@link SignedKind#BLIND_EVALUATION}), so that the VOPRF key in it is this node's word.
     */
    public byte[] signEvaluation(byte[] requestHash, BlindEvaluateResponse.Builder response) {
        NodeSigner.Key key = signer.current();
        byte[] unsigned = response.clearSignature()
                .clearSignerFingerprint()
                .setRequestHash(ByteString.copyFrom(requestHash))
                .setSignerCertificatePemBytes(key.certificatePemBytes())
                .build()
                .toByteArray();
        byte[] signature = key.sign(SignedKind.BLIND_EVALUATION.domain(), unsigned);
        return SignedWire.withSignature(
                unsigned,
                BlindEvaluateResponse.SIGNATURE_FIELD_NUMBER,
                signature,
                BlindEvaluateResponse.SIGNER_FINGERPRINT_FIELD_NUMBER,
                key.fingerprint());
    }

    @Override
    public byte[] seal(byte[] requestHash, PeerLookupResponse.Builder response) {
        NodeSigner.Key key = signer.current();
        byte[] unsigned = response.clearSignature()
                .clearSignerFingerprint()
                .setRequestHash(ByteString.copyFrom(requestHash))
                .setSignerCertificatePemBytes(key.certificatePemBytes())
                .build()
                .toByteArray();
        byte[] signature = key.sign(SignedResponses.DOMAIN, unsigned);
        return SignedWire.withSignature(
                unsigned,
                PeerLookupResponse.SIGNATURE_FIELD_NUMBER,
                signature,
                PeerLookupResponse.SIGNER_FINGERPRINT_FIELD_NUMBER,
                key.fingerprint());
    }
}
