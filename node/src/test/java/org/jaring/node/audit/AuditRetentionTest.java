package org.jaring.node.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jaring.core.config.AuditSettings;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;
import org.jaring.v1.VerifyAuditResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on a real RocksDB: records older than the period are cut at a signed checkpoint that becomes the
 * anchor, the cut is announced in the chain, verification still passes and names the anchor, and records removed
 * in any other way (inside the retained range, or from the start without an announcement) are still detected.
 */
class AuditRetentionTest {
    @TempDir
    Path dir;

    /** A clock the test moves; the node's years pass in milliseconds. */
    static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final MovingClock clock = new MovingClock(Instant.parse("2020-01-01T00:00:00Z"));
    private final NationalCa ca = NationalCa.create(NodeId.of("TH-CCIB"), Duration.ofDays(3650 * 3), clock);
    private final KeySource keys = KeySource.of(ca.issueNode(Duration.ofDays(3650 * 2)));
    private final AuditSettings settings =
            new AuditSettings(10, Duration.ofDays(1), Duration.ofDays(365 * 7), Duration.ofDays(1));

    private void appendYears(RocksAuditLog log, int years, int perYear) {
        for (int y = 0; y < years; y++) {
            for (int i = 0; i < perYear; i++) {
                log.record(
                        AuditKind.AUDIT_KIND_ADMIN_ACTION,
                        "urn:jaring:admin:TH-CCIB:root",
                        "event",
                        "n",
                        Integer.toString(i));
            }
            clock.advance(Duration.ofDays(365));
        }
    }

    private VerifyAuditResponse verify(RocksStore store) {
        return AuditAdministration.verifyStore(
                store, "TH-CCIB", ca.certificate(), TrustVerifier.Revocations.NONE_KNOWN);
    }

    @Test
    void oldRecordsArePrunedAtASignedCheckpointAndTheChainStillVerifiesFromIt() throws Exception {
        try (RocksStore store = RocksStore.open(dir.resolve("data"), "TH-CCIB", StoreSettings.defaults())) {
            RocksAuditLog log = new RocksAuditLog(
                    store, keys, "TH-CCIB", clock, settings, AuditWitness.beside(dir.resolve("data")));
            AuditRetention retention = new AuditRetention(log, clock, settings);
            appendYears(log, 10, 25); // 10 years, 25 events a year, a checkpoint every 10 records
            long before = count(store);
            assertThat(retention.prune().count())
                    .as("the first run cuts ~3 years")
                    .isPositive();
            // The node keeps running: a second run finds nothing more due.
            assertThat(retention.prune().count()).isZero();

            long anchor = AuditRetention.anchor(store);
            List<AuditRecord> kept = records(store);
            assertThat(kept.get(0).getSequence()).isEqualTo(anchor);
            assertThat(kept.get(0).getKind()).isEqualTo(AuditKind.AUDIT_KIND_CHECKPOINT);
            Instant cutoff = clock.instant().minus(Duration.ofDays(365 * 7));
            assertThat(kept)
                    .filteredOn(r -> r.getKind() != AuditKind.AUDIT_KIND_CHECKPOINT
                            && r.getKind() != AuditKind.AUDIT_KIND_RETENTION)
                    .first()
                    .satisfies(r -> assertThat(r.getTime().getSeconds())
                            .isGreaterThanOrEqualTo(cutoff.getEpochSecond()
                                    - Duration.ofDays(365).toSeconds()));
            AuditRecord announced = kept.stream()
                    .filter(r -> r.getKind() == AuditKind.AUDIT_KIND_RETENTION)
                    .findFirst()
                    .orElseThrow();
            assertThat(detail(announced, "pruned_first")).isEqualTo("1");
            assertThat(detail(announced, "pruned_last")).isEqualTo(Long.toString(anchor - 1));
            assertThat(detail(announced, AuditRetention.ANCHOR_DETAIL)).isEqualTo(Long.toString(anchor));
            assertThat(Long.parseLong(detail(announced, "count")))
                    .isEqualTo(anchor - 1)
                    .isEqualTo(before + 2 - kept.size()); // +2: the retention record and its checkpoint

            VerifyAuditResponse ok = verify(store);
            assertThat(ok.getIntact()).as(ok.toString()).isTrue();
            assertThat(ok.getAnchorSequence()).isEqualTo(anchor);
            assertThat(ok.getAnchor())
                    .contains("record " + anchor + ", a signed checkpoint")
                    .contains("retention record " + announced.getSequence());
            retention.close();
            log.close();

            // The node restarts on the pruned log and keeps appending; a later run cuts again.
            RocksAuditLog reopened = new RocksAuditLog(
                    store, keys, "TH-CCIB", clock, settings, AuditWitness.beside(dir.resolve("data")));
            AuditRetention again = new AuditRetention(reopened, clock, settings);
            appendYears(reopened, 2, 25);
            AuditRetention.Pruned second = again.prune();
            assertThat(second.firstSequence()).isEqualTo(anchor);
            assertThat(verify(store).getIntact()).isTrue();
            assertThat(verify(store).getAnchorSequence()).isEqualTo(second.anchorSequence());
            again.close();
            assertThat(again.prune().count())
                    .as("a closed retention prunes nothing")
                    .isZero();
            reopened.close();
        }
    }

    @Test
    void aRecordDeletedInsideTheRetainedRangeIsStillDetected() throws Exception {
        try (RocksStore store = RocksStore.open(dir.resolve("data"), "TH-CCIB", StoreSettings.defaults())) {
            RocksAuditLog log = new RocksAuditLog(
                    store, keys, "TH-CCIB", clock, settings, AuditWitness.beside(dir.resolve("data")));
            appendYears(log, 10, 25);
            long anchor;
            try (AuditRetention retention = new AuditRetention(log, clock, settings)) {
                anchor = retention.prune().anchorSequence();
            }
            log.close();

            long victim = anchor + 7;
            store.db().delete(store.handle(ColumnFamily.AUDIT), RocksAuditLog.key(victim));
            VerifyAuditResponse r = verify(store);
            assertThat(r.getIntact()).isFalse();
            assertThat(r.getProblem()).isEqualTo("GAP");
            assertThat(r.getBrokenSequence()).isEqualTo(victim);
        }
    }

    @Test
    void recordsCutFromTheStartWithoutAnAnnouncementAreDetected() throws Exception {
        try (RocksStore store = RocksStore.open(dir.resolve("data"), "TH-CCIB", StoreSettings.defaults())) {
            RocksAuditLog log = new RocksAuditLog(
                    store, keys, "TH-CCIB", clock, settings, AuditWitness.beside(dir.resolve("data")));
            appendYears(log, 3, 25);
            log.close();
            // Someone removes the oldest records and the first checkpoint... without any retention record.
            store.db().deleteRange(store.handle(ColumnFamily.AUDIT), RocksAuditLog.key(1), RocksAuditLog.key(12));
            VerifyAuditResponse noAnchor = verify(store);
            assertThat(noAnchor.getIntact()).isFalse();
            assertThat(noAnchor.getProblem()).isEqualTo("GAP");
            assertThat(noAnchor.getBrokenSequence()).isEqualTo(1);

            // ...and even sets the anchor to a later checkpoint to make the cut look like retention.
            long checkpoint = records(store).stream()
                    .filter(r -> r.getKind() == AuditKind.AUDIT_KIND_CHECKPOINT)
                    .findFirst()
                    .orElseThrow()
                    .getSequence();
            store.db()
                    .deleteRange(store.handle(ColumnFamily.AUDIT), RocksAuditLog.key(1), RocksAuditLog.key(checkpoint));
            store.db().put(store.handle(ColumnFamily.META), AuditRetention.ANCHOR_KEY, RocksAuditLog.key(checkpoint));
            VerifyAuditResponse forged = verify(store);
            assertThat(forged.getIntact()).isFalse();
            assertThat(forged.getProblem()).isEqualTo("BAD_ANCHOR");
            assertThat(forged.getDetail()).contains("no retention record announces");
        }
    }

    @Test
    void retentionForeverPrunesNothing() throws Exception {
        try (RocksStore store = RocksStore.open(dir.resolve("data"), "TH-CCIB", StoreSettings.defaults())) {
            AuditSettings forever = new AuditSettings(10, Duration.ofDays(1), null, Duration.ofDays(1));
            RocksAuditLog log =
                    new RocksAuditLog(store, keys, "TH-CCIB", clock, forever, AuditWitness.beside(dir.resolve("data")));
            appendYears(log, 10, 5);
            assertThat(new AuditRetention(log, clock, forever).prune().count()).isZero();
            assertThat(AuditRetention.anchor(store)).isEqualTo(1);
            assertThat(verify(store).getAnchor()).isEqualTo("record 1, the start of the log");
            log.close();
        }
    }

    private static long count(RocksStore store) {
        long n = 0;
        try (var it = store.newIterator(ColumnFamily.AUDIT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }

    private static List<AuditRecord> records(RocksStore store) throws Exception {
        List<AuditRecord> out = new ArrayList<>();
        try (var it = store.newIterator(ColumnFamily.AUDIT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                out.add(AuditRecord.parseFrom(
                        SealedAuditRecord.parseFrom(it.value()).getRecord()));
            }
        }
        return out;
    }

    private static String detail(AuditRecord r, String key) {
        return r.getDetailsList().stream()
                .filter(d -> d.getKey().equals(key))
                .map(d -> d.getValue())
                .findFirst()
                .orElse("");
    }
}
