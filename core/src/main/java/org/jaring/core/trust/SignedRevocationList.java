package org.jaring.core.trust;

/**
 * A revocation list as it travels between nodes: the canonical bytes and the issuing CA's signature over them,
 * plus the decoded list for local use. The bytes are kept as received so they can be re-verified after reload.
 */
public record SignedRevocationList(RevocationList list, byte[] encoded, byte[] signature) {

    public SignedRevocationList {
        encoded = encoded.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
