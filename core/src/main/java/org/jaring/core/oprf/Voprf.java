package org.jaring.core.oprf;

import java.math.BigInteger;
import java.security.SecureRandom;

/** TEMPORARY stand-in until h-oprf lands (same API; not the RFC 9497 encoding). */
public final class Voprf {
    public static final String SUITE = "P256-SHA256";
    public static final int ELEMENT_LENGTH = 33;
    public static final int SCALAR_LENGTH = 32;
    public static final int OUTPUT_LENGTH = 32;
    public static final int PROOF_LENGTH = 64;

    private Voprf() {}

    public static VoprfKeyPair deriveKeyPair(byte[] seed32, byte[] info) {
        BigInteger k =
                Group.hashScalar("DeriveKeyPair".getBytes(java.nio.charset.StandardCharsets.US_ASCII), seed32, info);
        return new VoprfKeyPair(k.signum() == 0 ? BigInteger.ONE : k);
    }

    public static VoprfKeyPair generateKeyPair(SecureRandom random) {
        return new VoprfKeyPair(Group.randomScalar(random));
    }
}
