package org.jaring.node.audit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.jaring.node.signing.PeerSignatures;
import org.jaring.node.signing.SignedSightings;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.Sighting;

/**
 * What the feed and sighting paths record, so that each hook in feature code is one line. Every signed message
 * received is kept as received (signature and signer certificate included), so it can be verified again from an
 * exported package long after the exchange, against the peer's CA (docs/audit.md, "Signed feed batches").
 */
public final class ExchangeEvidence {
    /** Detail key of a feed batch's bytes ({@code data}): the serialized FeedBatch, deflated (zlib). */
    public static final String BATCH_DETAIL = "batch_zlib";

    private ExchangeEvidence() {}

    /**
     * One SYNC record per feed batch received, valid or refused, holding {@code bytes}: the batch exactly as it
     * arrived ({@code batch} was parsed from them), so its signature can be checked again later. They are kept
     * deflated: the items repeat field names, case handles and handling, so they shrink several-fold (figures in
     * docs/audit.md), and the audit chain commits to them through the record hash.
     */
    public static void feedBatch(
            AuditLog audit, String peer, byte[] requestHash, FeedBatch batch, byte[] bytes, String refused) {
        if (!audit.keepsRecords()) {
            return;
        }
        long removed = batch.getItemsList().stream().filter(i -> i.getRemoved()).count();
        List<AuditDetail> d = new ArrayList<>();
        d.add(AuditLog.detail("outcome", refused == null ? "verified" : "refused: " + refused));
        d.add(AuditLog.detail("request_hash", AuditCrypto.hex(requestHash)));
        d.add(AuditLog.detail("after_sequence", Long.toUnsignedString(batch.getAfterSequence())));
        d.add(AuditLog.detail("through_sequence", Long.toUnsignedString(batch.getThroughSequence())));
        d.add(AuditLog.detail("items", Integer.toString(batch.getItemsCount())));
        d.add(AuditLog.detail("removed", Long.toString(removed)));
        d.add(AuditLog.detail("signer", batch.getSignerFingerprint()));
        d.add(AuditLog.detail("batch_sha256", AuditCrypto.hex(PeerSignatures.hash(bytes))));
        d.add(AuditLog.detail(BATCH_DETAIL, deflate(bytes)));
        String subject = "feed batch " + Long.toUnsignedString(batch.getAfterSequence()) + ".."
                + Long.toUnsignedString(batch.getThroughSequence()); // opaque per-peer cursors (uint64)
        if (refused == null) {
            // Written to the WAL now, synced by the next fsync of the store: the apply that follows goes into the
            // same WAL after it, so no sync can make the applied items durable without this record. Waiting for
            // a sync of its own here cost every batch of a sync one fsync.
            audit.appendWritten(AuditKind.AUDIT_KIND_SYNC, peer, subject, d);
        } else {
            audit.append(AuditKind.AUDIT_KIND_SYNC, peer, subject, d);
        }
    }

    /**
     * Sightings this node sent to {@code origin} as {@code reportWire}: the ids, and the origin's acknowledgement as
     * received (kept whether it verified or not).
     */
    public static void sightingsReported(
            AuditLog audit,
            String origin,
            ReportSightingsRequest report,
            byte[] reportWire,
            byte[] ackWire,
            String refused) {
        if (!audit.keepsRecords()) {
            return;
        }
        List<AuditDetail> d = new ArrayList<>();
        d.add(AuditLog.detail("outcome", refused == null ? "acknowledged" : "acknowledgement refused: " + refused));
        d.add(AuditLog.detail("report_sha256", AuditCrypto.hex(SignedSightings.requestHash(reportWire))));
        sightings(report, d);
        d.add(AuditLog.detail("acknowledgement", ackWire));
        audit.append(AuditKind.AUDIT_KIND_SIGHTINGS_REPORTED, origin, report.getSightingsCount() + " sightings", d);
    }

    /** Sightings a peer reported to this node: its signed report as received, and what was accepted or why not. */
    public static void sightingsReceived(
            AuditLog audit,
            String reporter,
            ReportSightingsRequest report,
            byte[] reportWire,
            String refused,
            int accepted) {
        if (!audit.keepsRecords()) {
            return;
        }
        List<AuditDetail> d = new ArrayList<>();
        d.add(AuditLog.detail("outcome", refused == null ? "accepted " + accepted : "refused: " + refused));
        d.add(AuditLog.detail("report_sha256", AuditCrypto.hex(SignedSightings.requestHash(reportWire))));
        sightings(report, d);
        d.add(AuditLog.detail("report", reportWire));
        audit.append(AuditKind.AUDIT_KIND_SIGHTINGS_RECEIVED, reporter, report.getSightingsCount() + " sightings", d);
    }

    private static void sightings(ReportSightingsRequest report, List<AuditDetail> d) {
        for (Sighting s : report.getSightingsList()) {
            d.add(AuditLog.detail(
                    "sighting",
                    s.getSightingId() + " " + s.getKind().name() + " "
                            + s.getType().name() + " " + s.getValue()));
        }
    }

    static byte[] deflate(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, deflater)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot deflate in memory", e);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    /** The inverse of the batch detail: for verifiers and tests reading the evidence back. */
    public static byte[] inflate(byte[] deflated) {
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a deflated batch: " + e.getMessage(), e);
        }
    }
}
