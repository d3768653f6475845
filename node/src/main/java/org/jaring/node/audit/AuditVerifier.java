package org.jaring.node.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.Objects;
import org.jaring.core.text.SafeText;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.v1.AuditCheckpoint;
import org.jaring.v1.AuditDetail;
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
    public enum Problem {
        GAP,
        OUT_OF_PLACE,
        UNREADABLE,
        HASH_MISMATCH,
        BROKEN_LINK,
        BAD_CHECKPOINT,
        BAD_SIGNATURE,
        NOT_COVERED,
        BAD_ANCHOR,
        /** The log ends before the checkpoint the node last signed (AuditWitness): its end was cut or replaced. */
        CUT_TAIL
    }

    private final X509Certificate ca;
    private final TrustVerifier.Revocations revocations;
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
    // Retention (AuditRetention): where the retained chain starts and what announced it.
    private final long anchorSequence;
    private final boolean anchored;
    private long announcedAnchor = 1;
    private String announcement = "";
    // A RETENTION record counts only once a signed checkpoint after it verified: until then it is part of the
    // unsigned tail, which anyone with write access to the folder can append (and then cut the start).
    private long pendingAnchor = 1;
    private long pendingSequence;
    private String pendingAnnouncement = "";

    /**
     * @param firstSequence the sequence the walk must start at (1 for a whole log)
     * @param prevHash the hash the first record must link to, or null to take the first record's link as given
     *                 (a package starts in the middle of the chain; its checkpoints anchor it)
     * @param revocations the national CA's revoked certificates: a checkpoint signed by one is refused
     */
    public AuditVerifier(
            X509Certificate ca,
            TrustVerifier.Revocations revocations,
            String nodeId,
            long firstSequence,
            byte[] prevHash) {
        this.ca = ca;
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.nodeId = nodeId;
        this.expected = firstSequence;
        this.prevHash = prevHash;
        this.lastCheckpointed = firstSequence - 1;
        this.anchorSequence = firstSequence;
        this.anchored = false;
    }

    private AuditVerifier(X509Certificate ca, TrustVerifier.Revocations revocations, String nodeId, long anchor) {
        this.ca = ca;
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.nodeId = nodeId;
        this.expected = anchor;
        this.prevHash = anchor <= 1 ? genesis() : null;
        this.lastCheckpointed = anchor - 1;
        this.anchorSequence = anchor;
        this.anchored = anchor > 1;
    }

    /**
     * A walk of a node's retained chain starting at {@code anchor} (1: the whole log). After retention pruning the
     * anchor must be a signed checkpoint: its signature covers the hash of the last pruned record, which is then
     * taken as given; and some retained RETENTION record must announce that anchor (see {@link #requireAnnounced}).
     */
    public static AuditVerifier fromAnchor(
            X509Certificate ca, TrustVerifier.Revocations revocations, String nodeId, long anchor) {
        return new AuditVerifier(ca, revocations, nodeId, Math.max(1, anchor));
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
            return fail(
                    expected,
                    key > expected ? Problem.GAP : Problem.OUT_OF_PLACE,
                    key > expected
                            ? "records " + expected + (key - 1 > expected ? ".." + (key - 1) : "")
                                    + " are missing (next present: " + key + ")"
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
            return fail(
                    key,
                    Problem.OUT_OF_PLACE,
                    "stored as record " + key + " but the record says " + record.getSequence()
                            + ": records were reordered or moved");
        }
        byte[] link = record.getPrevHash().toByteArray();
        byte[] computed = AuditCrypto.hash(link, sealed.getRecord().toByteArray());
        if (!Arrays.equals(computed, sealed.getHash().toByteArray())) {
            return fail(
                    key,
                    Problem.HASH_MISMATCH,
                    "stored hash " + AuditCrypto.hex(sealed.getHash().toByteArray()) + ", the record's bytes hash to "
                            + AuditCrypto.hex(computed) + ": the record was changed");
        }
        if (prevHash != null && !Arrays.equals(link, prevHash)) {
            return fail(
                    key,
                    Problem.BROKEN_LINK,
                    "prev_hash " + AuditCrypto.hex(link) + " is not the hash of record " + (key - 1) + " ("
                            + AuditCrypto.hex(prevHash) + ")");
        }
        if (anchored && key == anchorSequence && record.getKind() != AuditKind.AUDIT_KIND_CHECKPOINT) {
            return fail(
                    key,
                    Problem.BAD_ANCHOR,
                    "the first retained record " + key + " is a " + record.getKind()
                            + ", not the signed checkpoint that retention pruning leaves as the anchor");
        }
        if (record.getKind() == AuditKind.AUDIT_KIND_RETENTION) {
            noteRetention(key, record);
        }
        if (record.getKind() == AuditKind.AUDIT_KIND_CHECKPOINT) {
            AuditCheckpoint cp = record.getCheckpoint();
            if (cp.getCoversSequence() != key - 1
                    || !Arrays.equals(cp.getHeadHash().toByteArray(), link)) {
                return fail(
                        key,
                        Problem.BAD_CHECKPOINT,
                        "the checkpoint covers record " + cp.getCoversSequence()
                                + " with head "
                                + AuditCrypto.hex(cp.getHeadHash().toByteArray())
                                + ", not the record before it");
            }
            if (nodeId != null && !nodeId.equals(cp.getNodeId())) {
                return fail(
                        key, Problem.BAD_CHECKPOINT, "the checkpoint names node " + cp.getNodeId() + ", not " + nodeId);
            }
            String why = AuditCrypto.checkCheckpointSignature(
                    cp, ca, revocations, new Date(Timestamps.toMillis(record.getTime())));
            if (why != null) {
                return fail(key, Problem.BAD_SIGNATURE, why);
            }
            checkpoints++;
            lastCheckpointed = key;
            if (pendingSequence > 0) {
                announcedAnchor = Math.max(announcedAnchor, pendingAnchor);
                announcement = pendingAnnouncement;
                pendingSequence = 0;
            }
        }
        prevHash = sealed.getHash().toByteArray();
        records++;
        lastSequence = key;
        expected = key + 1;
        return true;
    }

    private void noteRetention(long key, AuditRecord record) {
        for (AuditDetail d : record.getDetailsList()) {
            if (d.getKey().equals(AuditRetention.ANCHOR_DETAIL)) {
                try {
                    pendingAnchor = Math.max(pendingAnchor, Long.parseLong(d.getValue()));
                } catch (NumberFormatException e) {
                    // unreadable: announces nothing, so a cut it would justify is reported below
                }
            }
        }
        pendingSequence = key;
        pendingAnnouncement = "retention record " + key + " (" + SafeText.line(record.getSubject(), 100) + ", "
                + SafeText.line(detailValue(record, "count"), 20) + " records, cut at "
                + Timestamps.toString(record.getTime()) + ")";
    }

    private static String detailValue(AuditRecord record, String key) {
        return record.getDetailsList().stream()
                .filter(d -> d.getKey().equals(key))
                .map(AuditDetail::getValue)
                .findFirst()
                .orElse("?");
    }

    /**
     * Fails when the chain starts after record 1 but no retained RETENTION record announced a cut up to there:
     * records were removed from the start of the log by something other than retention pruning.
     */
    public void requireAnnounced() {
        if (problem == null && anchored && records == 0) {
            fail(
                    anchorSequence,
                    Problem.GAP,
                    "the anchor record " + anchorSequence + " and everything after it are missing");
        }
        if (problem == null
                && anchorSequence > announcedAnchor
                && pendingSequence > 0
                && pendingAnchor >= anchorSequence) {
            fail(
                    anchorSequence,
                    Problem.BAD_ANCHOR,
                    "records before " + anchorSequence + " are gone, and the only retention record announcing the"
                            + " cut (record " + pendingSequence + ") is not covered by a signed checkpoint: anyone"
                            + " with write access to the data folder can append such a record; the node writes"
                            + " and signs its announcement before it removes anything");
        }
        if (problem == null && anchorSequence > announcedAnchor) {
            fail(
                    anchorSequence,
                    Problem.BAD_ANCHOR,
                    "records before " + anchorSequence + " are gone, but no retention"
                            + " record announces pruning them"
                            + (announcedAnchor > 1 ? " (the last one cut up to " + announcedAnchor + ")" : ""));
        }
    }

    private boolean fail(long sequence, Problem p, String why) {
        brokenSequence = sequence;
        problem = p;
        // The reason can quote what a tampered folder or package holds (a certificate's names, a parser's message);
        // it is printed on a terminal and in the node's start-up failure, so it is made one safe line here.
        detail = SafeText.line(why, 1_000);
        return false;
    }

    /** Fails when records after the last checkpoint are not covered by a signature (required of packages). */
    public void requireCovered() {
        if (problem == null && lastCheckpointed < lastSequence) {
            fail(
                    lastCheckpointed + 1,
                    Problem.NOT_COVERED,
                    "records " + (lastCheckpointed + 1) + ".." + lastSequence
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
        VerifyAuditResponse.Builder r = VerifyAuditResponse.newBuilder()
                .setIntact(problem == null)
                .setRecords(records)
                .setCheckpoints(checkpoints)
                .setLastSequence(lastSequence)
                .setLastCheckpointed(Math.max(0, lastCheckpointed))
                .setAnchorSequence(anchorSequence)
                .setAnchor(
                        anchorSequence <= 1
                                ? "record 1, the start of the log"
                                : !anchored
                                        ? "record " + anchorSequence
                                                + ", the first record given (its link is taken as given;"
                                                + " the first signed checkpoint anchors it)"
                                        : "record " + anchorSequence
                                                + ", a signed checkpoint; the records before it were removed by "
                                                + (announcement.isEmpty() ? "an unannounced cut" : announcement));
        if (problem != null) {
            r.setBrokenSequence(brokenSequence).setProblem(problem.name()).setDetail(detail);
        }
        return r.build();
    }
}
