package org.jaring.node.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * SHA256withECDSA through BouncyCastle's provider, with keys converted to BouncyCastle's own key classes once
 * by the caller. Why: every peer answer is signed by one node and verified by another, and on Java 17 SunEC's
 * P-256 is several times slower (probe on the 2-core bench machine under load: SunEC sign 1.5-2 ms, verify
 * 3-4 ms; BouncyCastle with its own keys 0.3 and 0.7 ms; with a JDK key object BouncyCastle converts it on
 * every call and loses half of that). The signatures are plain DER ECDSA: any provider checks them the same way.
 *
 * <p>Messages are hashed with the JDK's SHA-256 and the digest is signed as it is ({@code NONEwithECDSA}): the
 * result is exactly a SHA256withECDSA signature of the message, but the JDK's SHA-256 uses the processor's SHA
 * instructions and BouncyCastle's does not (a 157 KB answer of 1,000 values: 0.10 ms against 0.91 ms here).
 */
final class EcdsaP256 {
    private static final Provider BC = provider();
    private static final String OVER_DIGEST = "NONEwithECDSA";
    private static final ThreadLocal<Signature> BC_OVER_DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return Signature.getInstance(OVER_DIGEST, BC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle has no " + OVER_DIGEST + ": " + e, e);
        }
    });
    private static final SecureRandom RANDOM = new SecureRandom();

    private EcdsaP256() {}

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

    /**
     * SHA256withECDSA of the message whose SHA-256 is {@code sha256}. A BouncyCastle P-256 key signs with
     * BouncyCastle's ECDSA signer given a nonce computed ahead ({@link P256Nonces}); any other key through JCA.
     */
    static byte[] signDigest(PrivateKey key, byte[] sha256) throws GeneralSecurityException {
        if (key instanceof ECPrivateKey) {
            ECPrivateKeyParameters params = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(key);
            BigInteger n = params.getParameters().getN();
            if (n.equals(P256Nonces.CURVE.getN())) {
                ECDSASigner signer = P256Nonces.shared().signer();
                signer.init(true, new ParametersWithRandom(params, RANDOM));
                BigInteger[] rs = signer.generateSignature(sha256);
                try {
                    return StandardDSAEncoding.INSTANCE.encode(n, rs[0], rs[1]);
                } catch (IOException e) {
                    throw new SignatureException("cannot encode the signature: " + e.getMessage(), e);
                }
            }
        }
        Signature s = overDigest(key);
        s.initSign(key);
        s.update(sha256);
        return s.sign();
    }

    /** Whether {@code signature} is a SHA256withECDSA signature by {@code key} of the message hashed as given. */
    static boolean verifyDigest(PublicKey key, byte[] sha256, byte[] signature) throws GeneralSecurityException {
        Signature s = overDigest(key);
        s.initVerify(key);
        s.update(sha256);
        return s.verify(signature);
    }

    private static Signature overDigest(Key key) throws GeneralSecurityException {
        // One BouncyCastle engine per thread: looking it up in the provider cost as much as hashing an answer.
        return isBc(key) ? BC_OVER_DIGEST.get() : Signature.getInstance(OVER_DIGEST);
    }

    static Provider provider(Key key) {
        return isBc(key) ? BC : null;
    }

    private static boolean isBc(Key key) {
        return key.getClass().getName().startsWith("org.bouncycastle.");
    }
}
