package org.jaring.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jaring.node.indicator.CanonicalValue;
import org.jaring.v1.FeedItem;
import org.jaring.v1.Hit;
import org.jaring.v1.IndicatorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            cache.apply("SG-SPF", List.of(item("a", DOMAIN, "z.example", null), item("b", IPV4, "203.0.113.9", null),
                    item("c", DOMAIN, "gone.example", NOW.minusSeconds(1))), 3);
            cache.apply("MY-PDRM", List.of(item("d", DOMAIN, "z.example", NOW.plusSeconds(60))), 1);

            List<List<Hit>> found = cache.findAll(List.of(new CanonicalValue(IPV4, "203.0.113.9"),
                    new CanonicalValue(DOMAIN, "nothing.example"), new CanonicalValue(DOMAIN, "z.example"),
                    new CanonicalValue(DOMAIN, "gone.example"), new CanonicalValue(IPV4, "203.0.113.9")), NOW);

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
    void aReplacedItemMovesInTheIndexAndARemovalDropsIt() {
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            PeerCacheTable cache = new PeerCacheTable(store);
            cache.apply("SG-SPF", List.of(item("a", DOMAIN, "old.example", null)), 1);
            // Pipelined: the second batch is applied before the first is awaited, and reads what it replaced.
            PeerCacheTable.Pending moved = cache.applyAsync("SG-SPF", List.of(item("a", DOMAIN, "new.example", null)), 2);
            PeerCacheTable.Pending removed = cache.applyAsync("SG-SPF",
                    List.of(FeedItem.newBuilder().setItemId("b").setRemoved(true).build()), 3);
            RocksStore.awaitDurable(moved.durable());
            RocksStore.awaitDurable(removed.durable());
            assertThat(cache.find(new CanonicalValue(DOMAIN, "old.example"), NOW)).isEmpty();
            assertThat(cache.find(new CanonicalValue(DOMAIN, "new.example"), NOW)).hasSize(1);
            assertThat(removed.applied().removed()).isZero();
            assertThat(cache.cursor("SG-SPF")).isEqualTo(3);
        }
    }
}
