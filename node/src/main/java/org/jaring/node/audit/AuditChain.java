package org.jaring.node.audit;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.logging.Logger;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.ReadOnlyStore;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.AuditKind;
import org.jaring.v1.VerifyAuditResponse;
import org.rocksdb.RocksDBException;

/**
 * The whole-chain check (docs/audit.md, "Chain checks"): from the retained start through the last signed
 * checkpoint to the head, on a running node's store, at start-up before the node signs anything, and offline on
 * a stopped node's folder. A broken chain keeps the node from starting: its next checkpoint would sign over the
 * forgery. An unsigned tail (records after the last signed checkpoint, which a clean stop never leaves) is
 * recorded and alarmed, because a crash or power loss leaves one too.
 */
public final class AuditChain {
    private static final Logger LOG = Logger.getLogger(AuditChain.class.getName());

    /** Where an operator goes next, in every refusal. */
    public static final String INSPECT = "Inspect the stopped node's folder offline with 'jaring audit verify --data"
            + " DATA_DIR --home HOME' and see docs/operations.md, \"Audit chain broken\"";

    private AuditChain() {}

    /**
     * Walks a stopped node's data folder opened read-only; writes nothing. {@code revocations} is the node's own
     * revocation list (from its home's trust store): a checkpoint signed by a revoked certificate does not verify.
     */
    public static VerifyAuditResponse verifyFolder(
            ReadOnlyStore store,
            String nodeId,
            X509Certificate ca,
            TrustVerifier.Revocations revocations,
            AuditWitness witness) {
        byte[] a = store.get(ColumnFamily.META, AuditRetention.ANCHOR_KEY);
        long anchor = a == null || a.length != 8 ? 1 : ByteBuffer.wrap(a).getLong();
        AuditVerifier v = AuditVerifier.fromAnchor(ca, revocations, nodeId, anchor);
        store.forEach(
                ColumnFamily.AUDIT,
                (k, value) -> v.accept(k.length == 8 ? ByteBuffer.wrap(k).getLong() : -1, value));
        v.requireAnnounced();
        return withWitness(v.result(), witness, seq -> store.get(ColumnFamily.AUDIT, RocksAuditLog.key(seq)), nodeId);
    }

    /**
     * An intact chain that ends before the checkpoint the witness names, or holds another record there, is a cut
     * tail (problem CUT_TAIL): the one cut the chain cannot show by itself.
     */
    static VerifyAuditResponse withWitness(
            VerifyAuditResponse r, AuditWitness witness, LongFunction<byte[]> recordAt, String nodeId) {
        if (!r.getIntact()) {
            return r;
        }
        Optional<AuditWitness.Cut> cut = witness.check(recordAt, nodeId, r.getLastSequence());
        if (cut.isEmpty()) {
            return r;
        }
        return r.toBuilder()
                .setIntact(false)
                .setBrokenSequence(cut.get().sequence())
                .setProblem(AuditVerifier.Problem.CUT_TAIL.name())
                .setDetail(cut.get().detail())
                .build();
    }

    /**
     * Before the audit log is opened for writing: refuses to start on a broken chain, naming the record, the
     * problem and the offline command. Returns the result, which {@link #recordOpened} puts into the chain.
     */
    public static VerifyAuditResponse requireIntact(
            RocksStore store,
            String nodeId,
            X509Certificate ca,
            TrustVerifier.Revocations revocations,
            Path dataDir,
            AuditWitness witness) {
        VerifyAuditResponse r = withWitness(
                AuditAdministration.verifyStore(store, nodeId, ca, revocations),
                witness,
                seq -> readRecord(store, seq),
                nodeId);
        if (!r.getIntact()) {
            throw new IllegalStateException("the audit log in " + dataDir + " is broken at record "
                    + r.getBrokenSequence() + ": " + r.getProblem() + ": " + r.getDetail() + " (" + r.getRecords()
                    + " records before it verified). The node does not start, because its next checkpoint would sign"
                    + " over the damage. Copy the data folder as evidence before anything else. "
                    + INSPECT.replace("DATA_DIR", dataDir.toString()));
        }
        if (r.getCheckpoints() > 0 && witness.read().isEmpty()) {
            witness.warnMissing(r.getLastCheckpointed());
        }
        return r;
    }

    private static byte[] readRecord(RocksStore store, long sequence) {
        try {
            return store.get(ColumnFamily.AUDIT, RocksAuditLog.key(sequence));
        } catch (RocksDBException e) {
            throw new IllegalStateException(
                    "audit record " + sequence + " cannot be read: " + e.getMessage() + ". " + INSPECT, e);
        }
    }

    /** How many records of an intact chain were not covered by a signed checkpoint (0 when signed to its head). */
    public static long unsignedCount(VerifyAuditResponse r) {
        if (r.getLastSequence() == 0 || r.getLastCheckpointed() >= r.getLastSequence()) {
            return 0;
        }
        return r.getLastSequence() - Math.max(r.getLastCheckpointed() + 1, r.getAnchorSequence()) + 1;
    }

    /** The unsigned tail of an intact chain as "A..B", or empty when it is signed to its head. */
    public static String unsignedTail(VerifyAuditResponse r) {
        if (r.getLastSequence() == 0 || r.getLastCheckpointed() >= r.getLastSequence()) {
            return "";
        }
        long from = Math.max(r.getLastCheckpointed() + 1, r.getAnchorSequence());
        return from == r.getLastSequence() ? Long.toString(from) : from + ".." + r.getLastSequence();
    }

    /**
     * The first record of every start (kind LOG_OPENED): what the check found, signed by the checkpoint right
     * after it. Records that were unsigned when the node opened the log stay named in the chain, so signing them
     * now does not hide that they were once only hash-chained.
     */
    public static void recordOpened(RocksAuditLog log, VerifyAuditResponse r, long checkMillis) {
        String tail = unsignedTail(r);
        log.record(
                AuditKind.AUDIT_KIND_LOG_OPENED,
                log.nodeId(),
                "head " + r.getLastSequence(),
                "checked",
                r.getRecords() + " records from " + r.getAnchorSequence() + " to " + r.getLastSequence() + ", intact, "
                        + r.getCheckpoints() + " signed checkpoints",
                "anchor",
                r.getAnchor(),
                "last_signed",
                Long.toString(r.getLastCheckpointed()),
                "unsigned_at_open",
                tail,
                "check_ms",
                Long.toString(checkMillis));
        log.checkpoint(false);
        if (!tail.isEmpty()) {
            LOG.warning("audit records " + tail + " were not covered by a signed checkpoint when the node started:"
                    + " the node stopped without its final checkpoint (a crash or a power loss), or someone cut or"
                    + " rewrote the records after checkpoint " + r.getLastCheckpointed() + ". The start is recorded"
                    + " (LOG_OPENED) with that range; compare the head with your last 'jaring audit verify' output or"
                    + " exported package if the node did not crash.");
        }
    }
}
