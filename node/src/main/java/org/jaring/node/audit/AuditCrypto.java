package org.jaring.node.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.HexFormat;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.node.signing.CheckpointSignatures;
import org.jaring.v1.AuditCheckpoint;

/** The hashing and signing rules of the audit chain (docs/audit.md), shared by the node and offline verifiers. */
public final class AuditCrypto {
    public static final int HASH_BYTES = 32;
    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

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

    /** The bytes a checkpoint signature covers ({@link CheckpointSignatures#signedBytes}). */
    public static byte[] checkpointSignedBytes(String nodeId, long coversSequence, byte[] headHash) {
        return CheckpointSignatures.signedBytes(nodeId, coversSequence, headHash);
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        return CheckpointSignatures.sign(key, data);
    }

    /**
     * Checks a checkpoint's signature and its signer by the rule every signed object shares
     * ({@link CheckpointSignatures#check}): the node certificate of the checkpoint's node, issued by {@code ca},
     * valid at {@code at}, not revoked. Returns null when all holds, else why not.
     */
    public static String checkCheckpointSignature(
            AuditCheckpoint cp, X509Certificate ca, TrustVerifier.Revocations revocations, Date at) {
        return CheckpointSignatures.check(cp, ca, revocations, at.toInstant());
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
