package org.jaring.core.trust;

import com.google.protobuf.ByteString;
import org.jaring.core.failure.NotFoundException;
import org.jaring.v1.SignedRevocationList;

/** Serves this node's latest CA-signed revocation list, as peers fetch it. */
public final class RevocationPublisher {
    private final TrustStore trust;

    public RevocationPublisher(TrustStore trust) {
        this.trust = trust;
    }

    public SignedRevocationList current() {
        return trust.snapshot()
                .ownSignedRevocations()
                .map(s -> SignedRevocationList.newBuilder()
                        .setEncoded(ByteString.copyFrom(s.encoded()))
                        .setSignature(ByteString.copyFrom(s.signature()))
                        .build())
                .orElseThrow(() -> new NotFoundException("this node has not published a revocation list yet"));
    }
}
