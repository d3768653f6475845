package org.jaring.node.signing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.SignedKind;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.v1.AuditCheckpoint;

/**
 * Signed audit checkpoints (docs/audit.md): the node signs, with its node key, the head of its audit chain. The
 * signature covers a fixed byte string any implementation can rebuild from the checkpoint's fields (no protobuf
 * encoding is involved): {@code "jaring-audit-checkpoint-v1\0" || node_id (UTF-8) || 0x00 || covers_sequence (8
 * bytes, big-endian) || head_hash}. The signer is checked by the rule every signed object shares
 * ({@link TrustVerifier#evaluateSigner}): the node certificate of the checkpoint's node, issued by the national
 * CA given as anchor, valid at the checkpoint's time, not revoked; an analyst's or admin's certificate or any
 * other certificate that CA issued does not sign checkpoints.
 */
public final class CheckpointSignatures {
    private CheckpointSignatures() {}

    /** The bytes a checkpoint signature covers. */
    public static byte[] signedBytes(String nodeId, long coversSequence, byte[] headHash) {
        byte[] domain = SignedKind.AUDIT_CHECKPOINT.domain();
        byte[] id = nodeId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(domain.length + id.length + 1 + 8 + headHash.length)
                .put(domain)
                .put(id)
                .put((byte) 0)
                .putLong(coversSequence)
                .put(headHash)
                .array();
    }

    /** SHA256withECDSA over {@code signedBytes} with the node key. */
    public static byte[] sign(PrivateKey key, byte[] signedBytes) {
        try {
            return EcdsaP256.signDigest(
                    EcdsaP256.forSigning(key), PeerSignatures.sha256().digest(signedBytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an audit checkpoint: " + e, e);
        }
    }

    /**
     * Null when {@code cp} is signed by the node certificate of the node it names, issued by {@code ca}, valid at
     * {@code signedAt} (the checkpoint record's time) and not revoked by {@code revocations}; else why not. Only the
     * first certificate of {@code signer_chain_pem} is the signer: national CAs issue directly (no intermediates),
     * so anything after it is ignored rather than trusted, as on connections.
     */
    public static String check(
            AuditCheckpoint cp, X509Certificate ca, TrustVerifier.Revocations revocations, Instant signedAt) {
        if (ca == null) {
            return "no national CA certificate to check the checkpoint's signer against";
        }
        if (cp.getSignature().isEmpty()) {
            return "the checkpoint is not signed";
        }
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
        NodeId node;
        try {
            node = NodeId.of(cp.getNodeId());
        } catch (IllegalArgumentException e) {
            return "the checkpoint names no valid node ID ('" + cp.getNodeId() + "')";
        }
        TrustVerifier.Outcome o =
                TrustVerifier.evaluateSigner(SignedKind.AUDIT_CHECKPOINT, leaf, node, ca, revocations, signedAt);
        if (!o.accepted()) {
            return "the signer certificate is not a node certificate of " + node
                    + " that the national CA " + Fingerprints.display(Fingerprints.sha256(ca))
                    + " issued, valid at the checkpoint's time " + signedAt + " (" + o.reason() + ": " + o.detail()
                    + ")";
        }
        try {
            byte[] digest = PeerSignatures.sha256()
                    .digest(signedBytes(
                            cp.getNodeId(),
                            cp.getCoversSequence(),
                            cp.getHeadHash().toByteArray()));
            if (!EcdsaP256.verifyDigest(
                    EcdsaP256.forVerifying(leaf.getPublicKey()),
                    digest,
                    cp.getSignature().toByteArray())) {
                return "the signature does not verify with signer " + Fingerprints.display(leaf);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return "the signature does not verify: " + e.getMessage();
        }
        return null;
    }
}
