package org.jaring.core.oprf;

import java.math.BigInteger;

/** TEMPORARY stand-in until h-oprf lands. */
public final class VoprfKeyPair {
    final BigInteger secret;

    VoprfKeyPair(BigInteger secret) {
        this.secret = secret;
    }

    public byte[] encodedSecret() {
        return Group.scalar(secret);
    }

    public byte[] publicKey() {
        return Group.G.multiply(secret).normalize().getEncoded(true);
    }

    public static VoprfKeyPair fromEncodedSecret(byte[] sk32) {
        return new VoprfKeyPair(new BigInteger(1, sk32).mod(Group.N));
    }
}
