package org.jaring.node.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import org.jaring.v1.AuditCheckpoint;

/** The hashing and signing rules of the audit chain (docs/audit.md), shared by the node and offline verifiers. */
public final class AuditCrypto {
    public static final int HASH_BYTES = 32;
    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final byte[] CHECKPOINT_DOMAIN = "jaring-audit-checkpoint-v1\0".getBytes(StandardCharsets.UTF_8);

    private AuditCrypto() {}

    /** SHA-256(prev_hash || record bytes). */
    public static byte[] hash(byte[] prevHash, byte[] recordBytes) {
        MessageDigest md = sha256();
        md.update(prevHash);
        md.update(recordBytes);
        return md.digest();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes a checkpoint signature covers: domain | node_id | 0x00 | covers_sequence (8 BE) | head_hash. */
    public static byte[] checkpointSignedBytes(String nodeId, long coversSequence, byte[] headHash) {
        byte[] id = nodeId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(CHECKPOINT_DOMAIN.length + id.length + 1 + 8 + headHash.length)
                .put(CHECKPOINT_DOMAIN)
                .put(id)
                .put((byte) 0)
                .putLong(coversSequence)
                .put(headHash)
                .array();
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            return EcdsaP256.signDigest(EcdsaP256.forSigning(key), sha256().digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an audit checkpoint: " + e, e);
        }
    }

    /**
     * Checks a checkpoint's signature and its signer: the chain must lead to {@code ca}, the leaf must have been
     * valid at {@code at}, and its fingerprint must be the one recorded. Returns null when all holds, else why not.
     */
    public static String checkCheckpointSignature(AuditCheckpoint cp, X509Certificate ca, Date at) {
        List<X509Certificate> chain;
        try {
            chain = PemFiles.certificatesFromPem(cp.getSignerChainPem(), "checkpoint signer chain");
        } catch (IOException | RuntimeException e) {
            return "the signer certificate chain cannot be read: " + e.getMessage();
        }
        if (chain.isEmpty()) {
            return "the checkpoint holds no signer certificate";
        }
        X509Certificate leaf = chain.get(0);
        if (!Fingerprints.matches(Fingerprints.sha256(leaf), cp.getSignerFingerprint())) {
            return "the signer fingerprint " + cp.getSignerFingerprint() + " is not the included certificate's "
                    + Fingerprints.sha256(leaf);
        }
        try {
            for (int i = 0; i < chain.size(); i++) {
                X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : ca;
                if (i + 1 == chain.size() && Fingerprints.sha256(chain.get(i)).equals(Fingerprints.sha256(ca))) {
                    break;
                }
                chain.get(i).verify(issuer.getPublicKey());
            }
        } catch (GeneralSecurityException e) {
            return "the signer certificate was not issued by the national CA " + Fingerprints.sha256(ca) + ": " + e;
        }
        try {
            leaf.checkValidity(at);
        } catch (GeneralSecurityException e) {
            return "the signer certificate was not valid at the checkpoint's time " + at.toInstant() + ": "
                    + e.getMessage();
        }
        try {
            Signature s = Signature.getInstance(SIGNATURE_ALGORITHM);
            s.initVerify(leaf.getPublicKey());
            s.update(checkpointSignedBytes(
                    cp.getNodeId(), cp.getCoversSequence(), cp.getHeadHash().toByteArray()));
            if (!s.verify(cp.getSignature().toByteArray())) {
                return "the signature does not verify with signer " + Fingerprints.display(leaf);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return "the signature does not verify: " + e.getMessage();
        }
        return null;
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
