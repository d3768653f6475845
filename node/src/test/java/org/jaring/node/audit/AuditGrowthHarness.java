package org.jaring.node.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jaring.core.config.AuditSettings;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.node.signing.NodeSigner;
import org.jaring.node.signing.SignedFeedBatches;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.PeerCacheTable;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.AuditKind;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedItem;
import org.jaring.v1.FeedRequest;
import org.jaring.v1.Hit;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;

/**
 * Not a test: the storage figures of docs/audit.md ("Retention and growth"), run on demand with
 * {@code mvn -B -ntp -o -pl node -am test -Dtest=AuditGrowthHarness -Dsurefire.failIfNoSpecifiedTests=false
 * -Djaring.audit.growth=1000000}. Appends that many LOOKUP_ANSWERED-shaped records (8 threads, group commit),
 * measures the audit family on disk after compaction, prunes the older half by retention and measures again;
 * then keeps 1,000,000 synced items' signed feed batches as evidence and compares that with the peer cache.
 */
@EnabledIfSystemProperty(named = "jaring.audit.growth", matches = "\\d+")
class AuditGrowthHarness {
    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        int events = Integer.parseInt(System.getProperty("jaring.audit.growth"));
        AuditRetentionTest.MovingClock clock =
                new AuditRetentionTest.MovingClock(Instant.parse("2020-01-01T00:00:00Z"));
        NationalCa ca = NationalCa.create(NodeId.of("TH-CCIB"), Duration.ofDays(3650 * 3), clock);
        KeySource keys = KeySource.of(ca.issueNode(Duration.ofDays(3650 * 2)));
        AuditSettings settings =
                new AuditSettings(1000, Duration.ofMinutes(1), Duration.ofDays(365), Duration.ofDays(1));
        try (RocksStore store = RocksStore.open(dir.resolve("audit"), "TH-CCIB", StoreSettings.defaults())) {
            RocksAuditLog log = new RocksAuditLog(
                    store, keys, "TH-CCIB", clock, settings, AuditWitness.beside(dir.resolve("audit")));
            long start = System.nanoTime();
            append(log, events / 2, 0);
            clock.advance(Duration.ofDays(200));
            append(log, events - events / 2, events / 2);
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] full = measure(store);
            System.out.printf(
                    "AUDIT GROWTH: %d events in %.0f s (%.0f/s, 8 threads): %d records, raw %.0f B/record,"
                            + " on disk %.1f MB, %.1f MB per million records%n",
                    events,
                    seconds,
                    events / seconds,
                    full[0],
                    (double) full[1] / full[0],
                    full[2] / 1e6,
                    full[2] * 1e6 / full[0] / 1e6);
            clock.advance(Duration.ofDays(200)); // the first half is now older than the 365-day retention
            long t = System.nanoTime();
            AuditRetention.Pruned p;
            try (AuditRetention retention = new AuditRetention(log, clock, settings)) {
                p = retention.prune();
            }
            long[] after = measure(store);
            System.out.printf(
                    "AUDIT RETENTION: pruned %d records in %.1f s; %d records left, on disk %.1f MB; verify %s%n",
                    p.count(),
                    (System.nanoTime() - t) / 1e9,
                    after[0],
                    after[2] / 1e6,
                    AuditAdministration.verifyStore(
                                            store, "TH-CCIB", ca.certificate(), TrustVerifier.Revocations.NONE_KNOWN)
                                    .getIntact()
                            ? "INTACT"
                            : "BROKEN");
            log.close();
        }
        feedEvidence(keys, clock);
    }

    private static void append(RocksAuditLog log, int count, int offset) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int tn = t;
            futures.add(pool.submit(() -> {
                for (int i = offset + tn; i < offset + count; i += threads) {
                    // The shape of AuditLogTest's figure: one value asked, one hit disclosed.
                    log.append(
                            AuditKind.AUDIT_KIND_LOOKUP_ANSWERED,
                            "MY-PDRM",
                            "req-" + i + "-7f3c9a2e-1b44",
                            AuditLog.details(
                                    "request_id",
                                    "7f3c9a2e-1b44-4d0e-9a61-" + i,
                                    "purpose",
                                    "case_reference: \"MY-2026-" + i
                                            + "\" legal_basis: LEGAL_BASIS_MLA analyst: \"spiffe://jaring/MY-PDRM/analyst/aisyah\"",
                                    "values",
                                    "INDICATOR_TYPE_DOMAIN asean-parcel-redelivery-" + i + ".com",
                                    "disclosed",
                                    "0: 1 hits",
                                    "disclosed_hits",
                                    "1"));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
    }

    /** records, raw key+value bytes, SST bytes of the audit family after a full compaction. */
    private static long[] measure(RocksStore store) throws Exception {
        store.db().flush(new FlushOptions().setWaitForFlush(true), store.handle(ColumnFamily.AUDIT));
        store.db().compactRange(store.handle(ColumnFamily.AUDIT));
        long n = 0;
        long raw = 0;
        try (var it = store.newIterator(ColumnFamily.AUDIT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
                raw += it.key().length + it.value().length;
            }
        }
        return new long[] {n, raw, sst(store, ColumnFamily.AUDIT)};
    }

    private static long sst(RocksStore store, ColumnFamily cf) throws Exception {
        return Long.parseLong(store.db().getProperty(store.handle(cf), "rocksdb.total-sst-files-size"));
    }

    /** 1,000,000 synced items in batches of 1000: the evidence kept (SYNC records) against the peer cache. */
    private void feedEvidence(KeySource keys, Clock clock) throws Exception {
        int batches = 1000;
        int perBatch = 1000;
        ContactPoint contact = ContactPoint.newBuilder()
                .setUnit("PDRM CCID 24/7 desk")
                .setPhone("+60326101222")
                .setEmail("247@ccid.pdrm.example.my")
                .setHours("24/7")
                .addLanguages("ms")
                .addLanguages("en")
                .build();
        AuditSettings settings = new AuditSettings(1000, Duration.ofMinutes(1));
        long rawBatchBytes = 0;
        long zipped = 0;
        try (RocksStore evidence = RocksStore.open(dir.resolve("evidence"), "TH-CCIB", StoreSettings.defaults());
                RocksStore cache = RocksStore.open(dir.resolve("cache"), "TH-CCIB", StoreSettings.defaults())) {
            RocksAuditLog log = new RocksAuditLog(
                    evidence, keys, "TH-CCIB", clock, settings, AuditWitness.beside(dir.resolve("evidence")));
            NodeSigner signer = new NodeSigner(keys);
            PeerCacheTable peerCache = new PeerCacheTable(cache);
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                FeedRequest request = FeedRequest.newBuilder()
                        .setAfterSequence((long) b * perBatch)
                        .setMaxItemsPerBatch(perBatch)
                        .build();
                FeedBatch.Builder batch = FeedBatch.newBuilder()
                        .setThroughSequence((long) (b + 1) * perBatch)
                        .setHeadSequence((long) batches * perBatch);
                for (int i = 0; i < perBatch; i++) {
                    long seq = (long) b * perBatch + i + 1;
                    batch.addItems(FeedItem.newBuilder()
                            .setSequence(seq)
                            .setItemId(UUID.nameUUIDFromBytes(Long.toString(seq).getBytes(StandardCharsets.UTF_8))
                                    .toString())
                            .setHit(Hit.newBuilder()
                                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                    .setValue("mule-" + Long.toHexString(seq * 2654435761L) + ".example")
                                    .addOffences(Offence.OFFENCE_FRAUD)
                                    .setConfidence(80)
                                    .setFirstSeen(Timestamps.fromMillis(1_700_000_000_000L + seq * 1000))
                                    .setLastSeen(Timestamps.fromMillis(1_700_100_000_000L + seq * 1000))
                                    .setTlp(Tlp.TLP_GREEN)
                                    .setOriginNode("MY-PDRM")
                                    .setCaseHandle("MY-PDRM:" + Long.toHexString(seq * 40503L))
                                    .setContact(contact)));
                }
                byte[] wire = SignedFeedBatches.sign(
                        signer, SignedFeedBatches.requestHash(request), request.getAfterSequence(), batch);
                FeedBatch signed = FeedBatch.parseFrom(wire);
                rawBatchBytes += wire.length;
                zipped += ExchangeEvidence.deflate(wire).length;
                ExchangeEvidence.feedBatch(log, "MY-PDRM", SignedFeedBatches.requestHash(request), signed, wire, null);
                peerCache.apply("MY-PDRM", signed.getItemsList(), signed.getThroughSequence());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            log.close();
            long[] ev = measure(evidence);
            for (ColumnFamily cf : List.of(ColumnFamily.PEER_CACHE, ColumnFamily.PEER_CACHE_INDEX)) {
                cache.db().flush(new FlushOptions().setWaitForFlush(true), cache.handle(cf));
                cache.db().compactRange(cache.handle(cf));
            }
            long cacheSst = sst(cache, ColumnFamily.PEER_CACHE) + sst(cache, ColumnFamily.PEER_CACHE_INDEX);
            System.out.printf(
                    "FEED EVIDENCE: %d items in %d signed batches (%.0f s incl. cache apply): batches %.1f MB raw,"
                            + " %.1f MB deflated; audit family on disk %.1f MB (%d records); peer cache + index on disk"
                            + " %.1f MB; evidence / cache = %.2f%n",
                    (long) batches * perBatch,
                    batches,
                    seconds,
                    rawBatchBytes / 1e6,
                    zipped / 1e6,
                    ev[2] / 1e6,
                    ev[0],
                    cacheSst / 1e6,
                    (double) ev[2] / cacheSst);
            assertThat(ev[0]).isGreaterThanOrEqualTo(batches);
        }
    }
}
