package org.jaring.node.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import org.jaring.v1.AuditCheckpoint;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;
import org.jaring.v1.VerifyAuditResponse;

/**
 * Walks a run of stored records in key order and stops at the first broken one, naming its sequence and the
 * problem. The same walk checks a node's whole column family and an exported package (docs/audit.md).
 */
public final class AuditVerifier {
    /** What can be wrong with a record. */
    public enum Problem { GAP, OUT_OF_PLACE, UNREADABLE, HASH_MISMATCH, BROKEN_LINK, BAD_CHECKPOINT, BAD_SIGNATURE,
        NOT_COVERED }

    private final X509Certificate ca;
    private final String nodeId;
    private long expected;
    private byte[] prevHash;
    private long records;
    private long checkpoints;
    private long lastSequence;
    private long lastCheckpointed;
    private long brokenSequence;
    private Problem problem;
    private String detail = "";

    /**
     * @param firstSequence the sequence the walk must start at (1 for a whole log)
     * @param prevHash the hash the first record must link to, or null to take the first record's link as given
     *                 (a package starts in the middle of the chain; its checkpoints anchor it)
     */
    public AuditVerifier(X509Certificate ca, String nodeId, long firstSequence, byte[] prevHash) {
        this.ca = ca;
        this.nodeId = nodeId;
        this.expected = firstSequence;
        this.prevHash = prevHash;
        this.lastCheckpointed = firstSequence - 1;
    }

    public static byte[] genesis() {
        return new byte[AuditCrypto.HASH_BYTES];
    }

    /** Checks the value stored under sequence {@code key}; false once a problem was found. */
    public boolean accept(long key, byte[] value) {
        if (problem != null) {
            return false;
        }
        if (key != expected) {
            return fail(expected, key > expected ? Problem.GAP : Problem.OUT_OF_PLACE, key > expected
                    ? "records " + expected + (key - 1 > expected ? ".." + (key - 1) : "") + " are missing (next present: " + key + ")"
                    : "record " + key + " appears after " + (expected - 1));
        }
        SealedAuditRecord sealed;
        AuditRecord record;
        try {
            sealed = SealedAuditRecord.parseFrom(value);
            record = AuditRecord.parseFrom(sealed.getRecord());
        } catch (InvalidProtocolBufferException e) {
            return fail(key, Problem.UNREADABLE, "the stored bytes are not an audit record: " + e.getMessage());
        }
        if (record.getSequence() != key) {
            return fail(key, Problem.OUT_OF_PLACE, "stored as record " + key + " but the record says "
                    + record.getSequence() + ": records were reordered or moved");
        }
        byte[] link = record.getPrevHash().toByteArray();
        byte[] computed = AuditCrypto.hash(link, sealed.getRecord().toByteArray());
        if (!Arrays.equals(computed, sealed.getHash().toByteArray())) {
            return fail(key, Problem.HASH_MISMATCH, "stored hash " + AuditCrypto.hex(sealed.getHash().toByteArray())
                    + ", the record's bytes hash to " + AuditCrypto.hex(computed) + ": the record was changed");
        }
        if (prevHash != null && !Arrays.equals(link, prevHash)) {
            return fail(key, Problem.BROKEN_LINK, "prev_hash " + AuditCrypto.hex(link) + " is not the hash of record "
                    + (key - 1) + " (" + AuditCrypto.hex(prevHash) + ")");
        }
        if (record.getKind() == AuditKind.AUDIT_KIND_CHECKPOINT) {
            AuditCheckpoint cp = record.getCheckpoint();
            if (cp.getCoversSequence() != key - 1 || !Arrays.equals(cp.getHeadHash().toByteArray(), link)) {
                return fail(key, Problem.BAD_CHECKPOINT, "the checkpoint covers record " + cp.getCoversSequence()
                        + " with head " + AuditCrypto.hex(cp.getHeadHash().toByteArray())
                        + ", not the record before it");
            }
            if (nodeId != null && !nodeId.equals(cp.getNodeId())) {
                return fail(key, Problem.BAD_CHECKPOINT, "the checkpoint names node " + cp.getNodeId() + ", not " + nodeId);
            }
            String why = AuditCrypto.checkCheckpointSignature(cp, ca, new Date(Timestamps.toMillis(record.getTime())));
            if (why != null) {
                return fail(key, Problem.BAD_SIGNATURE, why);
            }
            checkpoints++;
            lastCheckpointed = key;
        }
        prevHash = sealed.getHash().toByteArray();
        records++;
        lastSequence = key;
        expected = key + 1;
        return true;
    }

    private boolean fail(long sequence, Problem p, String why) {
        brokenSequence = sequence;
        problem = p;
        detail = why;
        return false;
    }

    /** Fails when records after the last checkpoint are not covered by a signature (required of packages). */
    public void requireCovered() {
        if (problem == null && lastCheckpointed < lastSequence) {
            fail(lastCheckpointed + 1, Problem.NOT_COVERED, "records " + (lastCheckpointed + 1) + ".." + lastSequence
                    + " are not covered by a signed checkpoint");
        }
    }

    public boolean intact() {
        return problem == null;
    }

    public byte[] headHash() {
        return prevHash;
    }

    public VerifyAuditResponse result() {
        VerifyAuditResponse.Builder r = VerifyAuditResponse.newBuilder().setIntact(problem == null).setRecords(records)
                .setCheckpoints(checkpoints).setLastSequence(lastSequence).setLastCheckpointed(Math.max(0, lastCheckpointed));
        if (problem != null) {
            r.setBrokenSequence(brokenSequence).setProblem(problem.name()).setDetail(detail);
        }
        return r.build();
    }
}
