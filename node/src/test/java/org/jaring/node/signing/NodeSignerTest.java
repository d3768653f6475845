package org.jaring.node.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.junit.jupiter.api.Test;

/**
 * The node's signatures: standard SHA256withECDSA that the JDK's own provider accepts (so a court's tools and
 * other implementations can check them), a fresh nonce for every signature whether it came precomputed from
 * {@link P256Nonces} or not, and the new key after a rotation.
 */
class NodeSignerTest {
    private static final byte[] DOMAIN = "jaring-test-v1\0".getBytes(StandardCharsets.UTF_8);

    @Test
    void signaturesAreStandardSha256WithEcdsaAndNeverReuseANonce() throws Exception {
        KeySource keys = KeySource.of(NationalCa.create(NodeId.of("MY-PDRM")).issueNode(Duration.ofDays(1)));
        NodeSigner.Key key = new NodeSigner(keys).current();
        PublicKey publicKey = keys.current().leaf().getPublicKey();
        byte[] body = "the same answer every time".getBytes(StandardCharsets.UTF_8);

        awaitFullPool();
        // More signatures than the pool holds, back to back: the first ones use precomputed nonces, the rest
        // compute their own once the pool runs dry. Every one must verify and have its own nonce (r).
        int count = P256Nonces.CAPACITY + 200;
        Set<BigInteger> rs = new HashSet<>();
        for (int i = 0; i < count; i++) {
            byte[] signature = key.sign(DOMAIN, body);
            assertThat(jdkVerifies(publicKey, signature, DOMAIN, body))
                    .as("signature %d", i)
                    .isTrue();
            rs.add(StandardDSAEncoding.INSTANCE.decode(P256Nonces.CURVE.getN(), signature)[0]);
        }
        assertThat(rs).as("distinct nonces").hasSize(count);

        byte[] signature = key.sign(DOMAIN, body);
        byte[] altered = body.clone();
        altered[0] ^= 1;
        assertThat(jdkVerifies(publicKey, signature, DOMAIN, altered)).isFalse();
        assertThat(jdkVerifies(publicKey, signature, "jaring-other-v1\0".getBytes(StandardCharsets.UTF_8), body))
                .isFalse();
    }

    @Test
    void ourVerifierAcceptsWhatTheJdkSigns() throws Exception {
        KeyPair pair = ecKeyPair("secp256r1");
        byte[] message = "signed elsewhere".getBytes(StandardCharsets.UTF_8);
        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initSign(pair.getPrivate());
        jdk.update(message);
        byte[] signature = jdk.sign();

        PublicKey ours = EcdsaP256.forVerifying(pair.getPublic());
        assertThat(EcdsaP256.verifyDigest(ours, sha256(message), signature)).isTrue();
        assertThat(EcdsaP256.verifyDigest(ours, sha256("something else".getBytes(StandardCharsets.UTF_8)), signature))
                .isFalse();
    }

    @Test
    void aKeyOnAnotherCurveNeverUsesTheP256Nonces() throws Exception {
        KeyPair pair = ecKeyPair("secp384r1");
        PrivateKey bc = EcdsaP256.forSigning(pair.getPrivate());
        awaitFullPool();
        byte[] message = "a P-384 key".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20; i++) {
            byte[] signature = EcdsaP256.signDigest(bc, sha256(message));
            assertThat(jdkVerifies(pair.getPublic(), signature, new byte[0], message))
                    .isTrue();
        }
        assertThat(P256Nonces.shared().ready())
                .as("no P-256 nonce was spent on a P-384 key")
                .isEqualTo(P256Nonces.CAPACITY);
    }

    @Test
    void aRotatedKeySignsTheNextMessage() throws Exception {
        NationalCa ca = NationalCa.create(NodeId.of("MY-PDRM"));
        KeySource keys = KeySource.of(ca.issueNode(Duration.ofDays(1)));
        NodeSigner signer = new NodeSigner(keys);
        String before = signer.current().fingerprint();

        keys.update(ca.issueNode(Duration.ofDays(1)));
        NodeSigner.Key after = signer.current();
        byte[] body = "after rotation".getBytes(StandardCharsets.UTF_8);

        assertThat(after.fingerprint()).isNotEqualTo(before);
        assertThat(after.certificatePem()).contains("BEGIN CERTIFICATE");
        assertThat(jdkVerifies(keys.current().leaf().getPublicKey(), after.sign(DOMAIN, body), DOMAIN, body))
                .isTrue();
    }

    private static void awaitFullPool() throws InterruptedException {
        P256Nonces.shared().signer(); // starts the filler if no test has yet
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (P256Nonces.shared().ready() < P256Nonces.CAPACITY && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(P256Nonces.shared().ready()).isEqualTo(P256Nonces.CAPACITY);
    }

    private static boolean jdkVerifies(PublicKey key, byte[] signature, byte[] domain, byte[] body) throws Exception {
        // The JDK's own provider, whatever key class: what an outside verifier would use.
        PublicKey jdkKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        Signature s = Signature.getInstance("SHA256withECDSA", "SunEC");
        s.initVerify(jdkKey);
        s.update(domain);
        s.update(body);
        return s.verify(signature);
    }

    private static KeyPair ecKeyPair(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static byte[] sha256(byte[] message) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(message);
    }
}
