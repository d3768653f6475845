package org.jaring.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.FeedItem;
import org.jaring.v1.Hit;
import org.jaring.v1.IndicatorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

class PeerCacheTableTest {
    private static final IndicatorType DOMAIN = IndicatorType.INDICATOR_TYPE_DOMAIN;
    private static final IndicatorType IPV4 = IndicatorType.INDICATOR_TYPE_IPV4;
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;

    private static FeedItem item(String id, IndicatorType type, String value, Instant validUntil) {
        Hit.Builder hit = Hit.newBuilder().setType(type).setValue(value).setCaseHandle("h-" + id);
        if (validUntil != null) {
            hit.setValidUntil(Timestamps.fromMillis(validUntil.toEpochMilli()));
        }
        return FeedItem.newBuilder().setItemId(id).setHit(hit).build();
    }

    @Test
    void aBatchedFindAnswersEachValueInOrderFromEveryOrigin() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            PeerCacheTable cache = new PeerCacheTable(store);
            cache.apply(
                    "SG-SPF",
                    List.of(
                            item("a", DOMAIN, "z.example", null),
                            item("b", IPV4, "203.0.113.9", null),
                            item("c", DOMAIN, "gone.example", NOW.minusSeconds(1))),
                    3);
            cache.apply("MY-PDRM", List.of(item("d", DOMAIN, "z.example", NOW.plusSeconds(60))), 1);

            List<List<Hit>> found = cache.findAll(
                    List.of(
                            new CanonicalValue(IPV4, "203.0.113.9"),
                            new CanonicalValue(DOMAIN, "nothing.example"),
                            new CanonicalValue(DOMAIN, "z.example"),
                            new CanonicalValue(DOMAIN, "gone.example"),
                            new CanonicalValue(IPV4, "203.0.113.9")),
                    NOW);

            assertThat(found).hasSize(5);
            assertThat(found.get(0)).extracting(Hit::getOriginNode).containsExactly("SG-SPF");
            assertThat(found.get(1)).isEmpty();
            assertThat(found.get(2)).extracting(Hit::getOriginNode).containsExactlyInAnyOrder("SG-SPF", "MY-PDRM");
            assertThat(found.get(3)).as("expired at valid_until").isEmpty();
            assertThat(found.get(4)).extracting(Hit::getCaseHandle).containsExactly("h-b");
            assertThat(cache.find(new CanonicalValue(DOMAIN, "z.example"), NOW)).hasSize(2);
        }
    }

    @Test
    void anEmptyCacheAnswersEveryValueWithNothing() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            PeerCacheTable cache = new PeerCacheTable(store);
            List<CanonicalValue> values =
                    List.of(new CanonicalValue(DOMAIN, "a.example"), new CanonicalValue(IPV4, "203.0.113.9"));
            assertThat(cache.findAll(values, NOW)).containsExactly(List.of(), List.of());

            cache.apply("SG-SPF", List.of(item("a", DOMAIN, "a.example", null)), 1);
            assertThat(cache.findAll(values, NOW).get(0)).hasSize(1);
            assertThat(cache.findAll(values, NOW).get(1)).isEmpty();
        }
    }

    @Test
    void anItemIsTaggedWithTheOriginItCameFromWhateverItClaims() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            PeerCacheTable cache = new PeerCacheTable(store);
            FeedItem honest = item("a", DOMAIN, "a.example", null);
            honest = honest.toBuilder()
                    .setHit(honest.getHit().toBuilder().setOriginNode("SG-SPF"))
                    .build();
            FeedItem claiming = item("b", DOMAIN, "b.example", null);
            claiming = claiming.toBuilder()
                    .setHit(claiming.getHit().toBuilder().setOriginNode("MY-PDRM"))
                    .build();
            cache.apply("SG-SPF", List.of(honest, claiming), 2);

            assertThat(cache.find(new CanonicalValue(DOMAIN, "a.example"), NOW))
                    .extracting(Hit::getOriginNode)
                    .containsExactly("SG-SPF");
            assertThat(cache.find(new CanonicalValue(DOMAIN, "b.example"), NOW))
                    .extracting(Hit::getOriginNode)
                    .containsExactly("SG-SPF");
            assertThat(cache.count("MY-PDRM", NOW)).isZero();
        }
    }

    @Test
    void theBatchsContactPointIsKeptOnceAndAttachedToItsHitsWhenRead() {
        ContactPoint spf = ContactPoint.newBuilder()
                .setUnit("SPF 24/7")
                .setEmail("cc247@spf.example")
                .addLanguages("en")
                .build();
        ContactPoint own = ContactPoint.newBuilder().setUnit("Case desk").build();
        FeedItem carriesItsOwn = item("b", DOMAIN, "b.example", null);
        carriesItsOwn = carriesItsOwn.toBuilder()
                .setHit(carriesItsOwn.getHit().toBuilder().setContact(own))
                .build();
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            PeerCacheTable cache = new PeerCacheTable(store);
            PeerCacheTable.Applied applied =
                    cache.apply("SG-SPF", spf, List.of(item("a", DOMAIN, "a.example", null), carriesItsOwn), 2);

            assertThat(applied.upserted().get(0).hasContact())
                    .as("stored without it")
                    .isFalse();
            assertThat(cache.find(new CanonicalValue(DOMAIN, "a.example"), NOW)
                            .get(0)
                            .getContact())
                    .isEqualTo(spf);
            assertThat(cache.find(new CanonicalValue(DOMAIN, "b.example"), NOW)
                            .get(0)
                            .getContact())
                    .isEqualTo(own);
        }
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            PeerCacheTable cache = new PeerCacheTable(store);
            assertThat(cache.find(new CanonicalValue(DOMAIN, "a.example"), NOW)
                            .get(0)
                            .getContact())
                    .as("read back after a restart")
                    .isEqualTo(spf);
            cache.purge(NOW, Set.of());
            cache.apply("SG-SPF", List.of(item("c", DOMAIN, "c.example", null)), 3);
            assertThat(cache.find(new CanonicalValue(DOMAIN, "c.example"), NOW)
                            .get(0)
                            .hasContact())
                    .as("an origin purged as untrusted leaves no contact behind")
                    .isFalse();
        }
    }

    @Test
    void aReplacedItemMovesInTheIndexAndARemovalDropsIt() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            PeerCacheTable cache = new PeerCacheTable(store);
            cache.apply("SG-SPF", List.of(item("a", DOMAIN, "old.example", null)), 1);
            // Pipelined: the second batch is applied before the first is awaited, and reads what it replaced.
            PeerCacheTable.Pending moved =
                    cache.applyAsync("SG-SPF", List.of(item("a", DOMAIN, "new.example", null)), 2);
            PeerCacheTable.Pending removed = cache.applyAsync(
                    "SG-SPF",
                    List.of(FeedItem.newBuilder()
                            .setItemId("b")
                            .setRemoved(true)
                            .build()),
                    3);
            RocksStore.awaitDurable(moved.durable());
            RocksStore.awaitDurable(removed.durable());
            assertThat(cache.find(new CanonicalValue(DOMAIN, "old.example"), NOW))
                    .isEmpty();
            assertThat(cache.find(new CanonicalValue(DOMAIN, "new.example"), NOW))
                    .hasSize(1);
            assertThat(removed.applied().removed()).isZero();
            assertThat(cache.cursor("SG-SPF")).isEqualTo(3);
        }
    }

    @Test
    void purgeDeletesExactlyTheExpiredItemsAndWhatUntrustedOriginsSent() throws Exception {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            PeerCacheTable cache = new PeerCacheTable(store);
            cache.apply(
                    "SG-SPF",
                    List.of(
                            item("old", DOMAIN, "old.example", NOW.minusSeconds(60)),
                            item("now", DOMAIN, "now.example", NOW),
                            item("later", DOMAIN, "later.example", NOW.plusSeconds(60)),
                            item("always", DOMAIN, "always.example", null),
                            item("extended", DOMAIN, "extended.example", NOW.minusSeconds(30))),
                    5);
            // The origin extends one item and shortens another: the purge follows the current valid_until.
            cache.apply(
                    "SG-SPF",
                    List.of(
                            item("extended", DOMAIN, "extended.example", NOW.plusSeconds(3600)),
                            item("later", DOMAIN, "later.example", NOW.minusSeconds(1))),
                    7);
            cache.apply(
                    "VN-A05",
                    List.of(
                            item("v1", DOMAIN, "later.example", null),
                            item("v2", IPV4, "198.51.100.7", NOW.plusSeconds(60)),
                            item("v3", IPV4, "198.51.100.8", NOW.minusSeconds(5))),
                    3);

            int purged = cache.purge(NOW, Set.of("SG-SPF"));

            assertThat(purged)
                    .as("old, now, later (shortened) and VN-A05's three, each counted once")
                    .isEqualTo(6);
            assertThat(cache.count("SG-SPF", NOW.minusSeconds(3600)))
                    .as("held, whatever their time")
                    .isEqualTo(2);
            assertThat(cache.find(new CanonicalValue(DOMAIN, "extended.example"), NOW))
                    .hasSize(1);
            assertThat(cache.find(new CanonicalValue(DOMAIN, "always.example"), NOW))
                    .hasSize(1);
            assertThat(cache.find(new CanonicalValue(DOMAIN, "later.example"), NOW.minusSeconds(3600)))
                    .as("neither SG-SPF's shortened item nor VN-A05's")
                    .isEmpty();
            assertThat(cache.count("VN-A05", NOW.minusSeconds(3600))).isZero();
            assertThat(cache.cursor("VN-A05"))
                    .as("an untrusted origin's cursor goes with its items")
                    .isZero();
            assertThat(cache.cursor("SG-SPF")).isEqualTo(7);
            assertThat(entries(store, ColumnFamily.PEER_CACHE_INDEX)).isEqualTo(2);
            assertThat(entries(store, ColumnFamily.PEER_CACHE_EXPIRY))
                    .as("only 'extended' has a time left")
                    .isEqualTo(1);

            assertThat(cache.purge(NOW.plusSeconds(3601), Set.of("SG-SPF"))).isEqualTo(1);
            assertThat(cache.purge(NOW.plusSeconds(3601), Set.of("SG-SPF"))).isZero();
            assertThat(entries(store, ColumnFamily.PEER_CACHE_EXPIRY)).isZero();
        }
    }

    @Test
    void aStoreFromBeforeTheExpiryIndexIsIndexedOnceWhenOpened() throws Exception {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            new PeerCacheTable(store)
                    .apply(
                            "SG-SPF",
                            List.of(
                                    item("old", DOMAIN, "old.example", NOW.minusSeconds(60)),
                                    item("always", DOMAIN, "always.example", null)),
                            2);
            // As an older version left it: the items, no expiry entries, no marker.
            try (WriteBatch undo = new WriteBatch();
                    StoreIterator it = store.newIterator(ColumnFamily.PEER_CACHE_EXPIRY)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    undo.delete(store.handle(ColumnFamily.PEER_CACHE_EXPIRY), it.key());
                }
                undo.delete(
                        store.handle(ColumnFamily.META), "peer_cache_expiry_indexed".getBytes(StandardCharsets.UTF_8));
                store.writeSynced(undo);
            }
        }
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            PeerCacheTable cache = new PeerCacheTable(store);
            assertThat(entries(store, ColumnFamily.PEER_CACHE_EXPIRY)).isEqualTo(1);
            assertThat(cache.purge(NOW, Set.of("SG-SPF"))).isEqualTo(1);
            assertThat(cache.find(new CanonicalValue(DOMAIN, "always.example"), NOW))
                    .hasSize(1);
        }
    }

    private static int entries(RocksStore store, ColumnFamily cf) {
        int n = 0;
        try (StoreIterator it = store.newIterator(cf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }
}
