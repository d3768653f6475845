package org.jaring.node.signing;

import com.google.protobuf.ByteString;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.util.Objects;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.PemFiles;

/**
 * Signs this node's peer messages (lookup answers, feed batches, sightings) with its current key, by the rule
 * of {@link PeerSignatures}. What depends only on the key generation (the BouncyCastle key object, the
 * certificate's PEM and fingerprint) is prepared once per generation instead of on every message; a rotated key
 * is picked up by the next message. One instance per component that signs.
 */
public final class NodeSigner {
    /** The current key with its certificate, as a message names it before it is signed. */
    public static final class Key {
        private final KeySource.Material material;
        private final PrivateKey key;
        private final String certificatePem;
        private final ByteString certificatePemBytes;
        private final ByteString certificateDer;
        private final String fingerprint;

        private Key(KeySource.Material material) {
            this.material = material;
            this.key = EcdsaP256.forSigning(material.privateKey());
            this.certificatePem = PemFiles.toPem(material.leaf());
            this.certificatePemBytes = ByteString.copyFromUtf8(certificatePem);
            try {
                this.certificateDer = ByteString.copyFrom(material.leaf().getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("the node certificate cannot be encoded: " + e.getMessage(), e);
            }
            this.fingerprint = Fingerprints.sha256(material.leaf());
        }

        public String certificatePem() {
            return certificatePem;
        }

        public ByteString certificatePemBytes() {
            return certificatePemBytes;
        }

        /** The certificate's DER, as a request transition carries it. */
        public ByteString certificateDer() {
            return certificateDer;
        }

        public String fingerprint() {
            return fingerprint;
        }

        /** The signature over the bytes {@code content} feeds (domain string first, then the message). */
        public byte[] sign(PeerSignatures.SignedContent content) {
            MessageDigest digest = PeerSignatures.sha256();
            content.feed(digest);
            try {
                return EcdsaP256.signDigest(key, digest.digest());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(
                        "cannot sign with the node key " + Fingerprints.display(fingerprint) + ": " + e, e);
            }
        }

        /** The signature over {@code domain || body}. */
        public byte[] sign(byte[] domain, byte[] body) {
            return sign(d -> {
                d.update(domain);
                d.update(body);
            });
        }
    }

    private final KeySource keys;
    private volatile Key prepared;

    public NodeSigner(KeySource keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The key to sign the next message with; the message names its certificate and fingerprint. */
    @SuppressWarnings("ReferenceEquality") // the same material object means the same key: no need to prepare it again
    public Key current() {
        KeySource.Material m = keys.current();
        Key p = prepared;
        if (p == null || p.material != m) {
            p = new Key(m);
            prepared = p;
        }
        return p;
    }
}
