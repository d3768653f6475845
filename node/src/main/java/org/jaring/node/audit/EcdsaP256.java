package org.jaring.node.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * SHA256withECDSA through BouncyCastle's provider, with keys converted to BouncyCastle's own key classes once
 * by the caller. Why: every peer answer is signed by one node and verified by another, and on Java 17 SunEC's
 * P-256 is several times slower (probe on the 2-core bench machine under load: SunEC sign 1.5-2 ms, verify
 * 3-4 ms; BouncyCastle with its own keys 0.3 and 0.7 ms; with a JDK key object BouncyCastle converts it on
 * every call and loses half of that). The signatures are plain DER ECDSA: any provider checks them the same way.
 */
final class EcdsaP256 {
    private static final Provider BC = provider();

    private EcdsaP256() {
    }

    private static Provider provider() {
        Provider p = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        return p != null ? p : new BouncyCastleProvider();
    }

    /** The same key as a BouncyCastle key object; the key itself when it cannot be exported (then SunEC signs). */
    static PrivateKey forSigning(PrivateKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"EC".equals(key.getAlgorithm()) || isBc(key)) {
            return key;
        }
        try {
            return KeyFactory.getInstance("EC", BC).generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            return key;
        }
    }

    static PublicKey forVerifying(PublicKey key) {
        if (!"EC".equals(key.getAlgorithm()) || isBc(key)) {
            return key;
        }
        try {
            return KeyFactory.getInstance("EC", BC).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            return key;
        }
    }

    static Signature signature(java.security.Key key) throws GeneralSecurityException {
        return isBc(key) ? Signature.getInstance(AuditCrypto.SIGNATURE_ALGORITHM, BC)
                : Signature.getInstance(AuditCrypto.SIGNATURE_ALGORITHM);
    }

    static Provider provider(java.security.Key key) {
        return isBc(key) ? BC : null;
    }

    private static boolean isBc(java.security.Key key) {
        return key.getClass().getName().startsWith("org.bouncycastle.");
    }
}
