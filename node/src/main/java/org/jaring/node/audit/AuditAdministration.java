package org.jaring.node.audit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jaring.core.failure.InvalidInputException;
import org.jaring.core.failure.NotFoundException;
import org.jaring.core.failure.StorageException;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.RocksStore;
import org.jaring.node.store.StoreIterator;
import org.jaring.v1.AuditKind;
import org.jaring.v1.ExportAuditRequest;
import org.jaring.v1.ExportAuditResponse;
import org.jaring.v1.VerifyAuditResponse;

/** Verifying the stored chain and exporting evidence packages: what the audit service does on the node. */
public final class AuditAdministration {
    private final RocksAuditLog log;
    private final Supplier<TrustSnapshot> trust;
    private final Clock clock;

    public AuditAdministration(RocksAuditLog log, Supplier<TrustSnapshot> trust, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Walks the whole column family from its anchor (1, or the signed checkpoint retention left as the first
     * record); stops at the first broken record.
     */
    public static VerifyAuditResponse verifyStore(
            RocksStore store, String nodeId, X509Certificate ca, TrustVerifier.Revocations revocations) {
        AuditVerifier v = AuditVerifier.fromAnchor(ca, revocations, nodeId, AuditRetention.anchor(store));
        try (StoreIterator it = store.newIterator(ColumnFamily.AUDIT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] k = it.key();
                long key = k.length == 8 ? ByteBuffer.wrap(k).getLong() : -1;
                if (!v.accept(key, it.value())) {
                    break;
                }
            }
        }
        v.requireAnnounced();
        return v.result();
    }

    public VerifyAuditResponse verify(String admin) {
        TrustSnapshot snapshot = trust.get();
        // The node's own revocation list (and blocked certificates): a checkpoint signed by a revoked node
        // certificate does not verify.
        VerifyAuditResponse r = verifyStore(log.store(), log.nodeId(), snapshot.ownCa(), snapshot::isRevoked);
        log.record(
                AuditKind.AUDIT_KIND_ADMIN_ACTION,
                admin,
                "audit verify",
                "intact",
                Boolean.toString(r.getIntact()),
                "records",
                Long.toString(r.getRecords()),
                "problem",
                r.getProblem());
        return r;
    }

    public ExportAuditResponse export(ExportAuditRequest request, String admin) {
        if (!request.hasFrom() || !request.hasTo()) {
            throw new InvalidInputException("from", "from and to are required");
        }
        Instant from = Instant.ofEpochMilli(Timestamps.toMillis(request.getFrom()));
        Instant to = Instant.ofEpochMilli(Timestamps.toMillis(request.getTo()));
        if (to.isBefore(from)) {
            throw new InvalidInputException("to", "to is before from");
        }
        // The export itself is part of the record, and a checkpoint makes every exported record signed.
        log.record(
                AuditKind.AUDIT_KIND_ADMIN_ACTION, admin, "audit export", "from", from.toString(), "to", to.toString());
        long signedUpTo = log.checkpoint(true);
        // Streamed: only the chosen records are held in memory, however long the log is.
        List<AuditPackage.Entry> chosen;
        try (StoreIterator it = log.store().newIterator(ColumnFamily.AUDIT)) {
            it.seekToFirst();
            Iterable<AuditPackage.Entry> all = () -> new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.isValid();
                }

                @Override
                public AuditPackage.Entry next() {
                    AuditPackage.Entry e =
                            new AuditPackage.Entry(ByteBuffer.wrap(it.key()).getLong(), it.value());
                    it.next();
                    return e;
                }
            };
            chosen = AuditPackage.select(all, from, to, signedUpTo);
        } catch (InvalidProtocolBufferException e) {
            throw new StorageException(
                    "an audit record cannot be read; run 'jaring audit verify': " + e.getMessage(), e);
        }
        if (chosen.isEmpty()) {
            throw new NotFoundException("no audit records between " + from + " and " + to);
        }
        byte[] json = AuditPackage.build(log.nodeId(), trust.get().ownCa(), from, to, clock.instant(), chosen);
        return ExportAuditResponse.newBuilder()
                .setPackageJson(ByteString.copyFrom(json))
                .setFirstSequence(chosen.get(0).sequence())
                .setLastSequence(chosen.get(chosen.size() - 1).sequence())
                .setRecords(chosen.size())
                .build();
    }
}
