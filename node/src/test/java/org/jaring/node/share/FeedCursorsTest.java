package org.jaring.node.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-peer cursor permutation: a bijection on the non-zero 64-bit values, 0 fixed, one per peer and key. */
class FeedCursorsTest {
    private static byte[] key(long seed) {
        byte[] k = new byte[32];
        new Random(seed).nextBytes(k);
        return k;
    }

    @Test
    void everySequenceComesBackAndNoneBecomesTheBeginning() {
        Random random = new Random(0x5eed_c0de);
        FeedCursors cursors = new FeedCursors(key(1));
        assertThat(cursors.encode("MY-PDRM", 0)).isZero();
        assertThat(cursors.decode("MY-PDRM", 0)).isZero();
        Set<Long> seen = new HashSet<>();
        for (int n = 0; n < 5_000; n++) {
            // Small sequences (what a node really has), and any 64-bit value, the sign bit included.
            long s = n % 2 == 0 ? 1 + random.nextInt(1 << 20) : random.nextLong();
            if (s == 0) {
                continue;
            }
            long c = cursors.encode("MY-PDRM", s);
            assertThat(c).as("sequence %s", s).isNotZero();
            assertThat(cursors.decode("MY-PDRM", c)).as("sequence %s", s).isEqualTo(s);
            seen.add(s);
        }
        // A peer's consecutive sequences give no hint of their distance or order.
        long a = cursors.encode("MY-PDRM", 1000);
        long b = cursors.encode("MY-PDRM", 1001);
        assertThat(Math.abs(a - b)).isGreaterThan(1L << 20);
        assertThat(seen).hasSizeGreaterThan(4_000);
    }

    @Test
    void eachPeerAndEachNodeKeyHasItsOwnPermutation() {
        FeedCursors one = new FeedCursors(key(1));
        FeedCursors other = new FeedCursors(key(2));
        int samePeer = 0;
        int sameKey = 0;
        for (long s = 1; s <= 1000; s++) {
            samePeer += one.encode("MY-PDRM", s) == one.encode("TH-CCIB", s) ? 1 : 0;
            sameKey += one.encode("MY-PDRM", s) == other.encode("MY-PDRM", s) ? 1 : 0;
            // A cursor handed to one peer, sent by another, does not name the same change.
            assertThat(one.decode("TH-CCIB", one.encode("MY-PDRM", s))).isNotEqualTo(s);
        }
        assertThat(samePeer).isZero();
        assertThat(sameKey).isZero();
        assertThatThrownBy(() -> new FeedCursors(new byte[16])).hasMessageContaining("32 bytes");
    }
}
