package org.jaring.core.oprf;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.encoders.Hex;

/** secretKey is the scalar skS (big-endian 32 bytes via encodedSecret()); publicKey is SerializeElement(pkS). */
public final class VoprfKeyPair {
    private final BigInteger secret;
    private final ECPoint publicPoint;
    private final byte[] publicKey;

    VoprfKeyPair(BigInteger secret) {
        if (secret.signum() <= 0 || secret.compareTo(P256.ORDER) >= 0) {
            throw new OprfException("the secret key must be a scalar in [1, n-1] of P-256");
        }
        this.secret = secret;
        this.publicPoint = P256.multiplyGenerator(secret).normalize();
        this.publicKey = P256.serializeElement(publicPoint);
    }

    /** Takes the 32-byte big-endian scalar that {@link #encodedSecret()} gave; refuses zero and values >= n. */
    public static VoprfKeyPair fromEncodedSecret(byte[] sk32) {
        if (sk32 == null || sk32.length != Voprf.SCALAR_LENGTH) {
            throw new OprfException("the secret key must be " + Voprf.SCALAR_LENGTH + " bytes (big-endian scalar)");
        }
        return new VoprfKeyPair(new BigInteger(1, sk32));
    }

    public byte[] encodedSecret() {
        return P256.serializeScalar(secret);
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    BigInteger secret() {
        return secret;
    }

    ECPoint publicPoint() {
        return publicPoint;
    }

    /** Names the public key only, so that a logged key pair never shows the secret. */
    @Override
    public String toString() {
        return "VoprfKeyPair[publicKey=" + Hex.toHexString(publicKey) + "]";
    }
}
