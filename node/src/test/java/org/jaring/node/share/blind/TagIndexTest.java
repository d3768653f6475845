package org.jaring.node.share.blind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.failure.UnavailableException;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.node.store.BlindTagTable;
import org.jaring.node.store.CaseTable;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.FeedLog;
import org.jaring.node.store.IndicatorTable;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.Audience;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tag index in the store, on real RocksDB: one index for every asker, built in pages that a restart resumes,
 * refused (never "no hit") while incomplete, built ahead of the rotation, and rebuilt when its family is lost.
 */
class TagIndexTest {
    static final Duration WEEK = Duration.ofDays(7);
    static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    static final int VALUES = 2500; // three pages

    final byte[] seed = seed();

    record Node(RocksStore store, IndicatorTable indicators, CaseTable cases) implements AutoCloseable {
        static Node open(Path dir) {
            RocksStore store = RocksStore.open(dir, "MY-PDRM", StoreSettings.defaults());
            return new Node(store, new IndicatorTable(store, new FeedLog(store)), new CaseTable(store));
        }

        TagIndex index(Clock clock, long inlineBuildLimit) {
            return index(seed(), clock, inlineBuildLimit);
        }

        TagIndex index(byte[] seed, Clock clock, long inlineBuildLimit) {
            return new TagIndex(
                    indicators,
                    cases,
                    new BlindKeys(seed, WEEK, clock),
                    new BlindTagTable(store),
                    clock,
                    2,
                    inlineBuildLimit);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    static byte[] seed() {
        byte[] s = new byte[32];
        new Random(28).nextBytes(s);
        return s;
    }

    static String email(int n) {
        return "user" + n + "@scam.example";
    }

    static void load(Node node) {
        node.cases.put(
                caseWith("GREEN", Handling.newBuilder().setTlp(Tlp.TLP_GREEN).build()), true);
        node.cases.put(caseWith("RED", Handling.newBuilder().setTlp(Tlp.TLP_RED).build()), true);
        node.cases.put(
                caseWith(
                        "AMBER",
                        Handling.newBuilder()
                                .setTlp(Tlp.TLP_AMBER)
                                .setAudience(Audience.newBuilder().addNodes("TH-CCIB"))
                                .build()),
                true);
        List<Indicator> green = new ArrayList<>();
        for (int n = 0; n < VALUES; n++) {
            green.add(indicator("GREEN", email(n)));
        }
        node.indicators.put("GREEN", green);
        node.indicators.put("RED", List.of(indicator("RED", "red@scam.example")));
        node.indicators.put("AMBER", List.of(indicator("AMBER", "amber@scam.example")));
    }

    static Case caseWith(String id, Handling handling) {
        return Case.newBuilder()
                .setCaseId(id)
                .setTitle(id)
                .addOffences(Offence.OFFENCE_FRAUD)
                .setDefaultHandling(handling)
                .build();
    }

    static Indicator indicator(String caseId, String email) {
        return Indicator.newBuilder()
                .setCaseId(caseId)
                .setType(IndicatorType.INDICATOR_TYPE_EMAIL)
                .setValue(email)
                .build();
    }

    /** The tag an asker would send for {@code email} in {@code epoch}, 32 bytes. */
    byte[] tag(long epoch, String email) {
        return tag(seed, epoch, email);
    }

    static byte[] tag(byte[] seed, long epoch, String email) {
        BlindKeys keys = new BlindKeys(seed, WEEK, Clock.fixed(T0, ZoneOffset.UTC));
        byte[] output = keys.key(epoch)
                .server()
                .evaluate(BlindTags.input(new CanonicalValue(IndicatorType.INDICATOR_TYPE_EMAIL, email)));
        return BlindTags.tag(epoch, output);
    }

    @Test
    void anIncompleteIndexRefusesWithItsProgressAndARestartResumesTheBuild(@TempDir Path dir) {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        long epoch = new BlindKeys(seed, WEEK, clock).currentEpoch();
        long firstRun;
        try (Node node = Node.open(dir)) {
            load(node);
            try (TagIndex index = node.index(clock, 0)) {
                assertThat(index.build(epoch, 1)).isFalse(); // one page of three
                firstRun = index.evaluations();
                assertThat(firstRun).isPositive().isLessThan(VALUES);
                // Not "no hit" for a value not yet indexed: UNAVAILABLE, and nothing a peer could turn into the
                // node's number of values (no percentage, no count).
                assertThatThrownBy(() -> index.resolve(epoch, List.of(tag(epoch, email(VALUES - 1)))))
                        .isInstanceOf(UnavailableException.class)
                        .hasMessageContaining("blind tag index for key epoch " + epoch + " is not ready")
                        .hasMessageContaining("ask again")
                        .satisfies(e -> assertThat(e.getMessage().replace(Long.toString(epoch), ""))
                                .doesNotContainPattern("[0-9%]"));
                assertThatThrownBy(index::evaluationEpoch)
                        .isInstanceOfSatisfying(
                                UnavailableException.class,
                                u -> assertThat(u.forPeers()).isTrue());
            }
        }
        try (Node node = Node.open(dir); // a restart on the same folder
                TagIndex index = node.index(clock, 0)) {
            assertThat(index.build(epoch, Long.MAX_VALUE)).isTrue();
            // Resumed after the last page written: the values of the first page are not evaluated again.
            assertThat(firstRun + index.evaluations()).isEqualTo(VALUES + 1);
            assertThat(index.evaluationEpoch()).isEqualTo(epoch);
            List<CanonicalValue> found = index.resolve(
                    epoch,
                    List.of(
                            tag(epoch, email(0)),
                            tag(epoch, email(VALUES - 1)),
                            tag(epoch, "amber@scam.example"),
                            tag(epoch, "red@scam.example"),
                            tag(epoch, "nobody@scam.example"),
                            tag(epoch + 1, email(0))));
            assertThat(found)
                    .containsExactly(
                            new CanonicalValue(IndicatorType.INDICATOR_TYPE_EMAIL, email(0)),
                            new CanonicalValue(IndicatorType.INDICATOR_TYPE_EMAIL, email(VALUES - 1)),
                            // answerable to some peer (TH-CCIB): in the one index; each asker's policy decides later
                            new CanonicalValue(IndicatorType.INDICATOR_TYPE_EMAIL, "amber@scam.example"),
                            null, // TLP:RED is answered to no one: not indexed
                            null,
                            null); // another epoch's tag
        }
    }

    @Test
    void changesAreFollowedTheNextEpochIsBuiltAheadAndALostFamilyIsRebuilt(@TempDir Path dir) {
        // Half a day before the rotation: within a tenth of a week.
        Instant late = Instant.ofEpochMilli((T0.toEpochMilli() / WEEK.toMillis() + 1) * WEEK.toMillis())
                .minus(Duration.ofHours(12));
        Clock clock = Clock.fixed(late, ZoneOffset.UTC);
        long epoch = new BlindKeys(seed, WEEK, clock).currentEpoch();
        try (Node node = Node.open(dir);
                TagIndex index = node.index(clock, 0)) {
            load(node);
            BlindTagTable table = new BlindTagTable(node.store);
            table.write(epoch - 3, List.of(), List.of(), new BlindTagTable.Meta(true, 0, 0, 1, 0, new byte[0]));
            index.maintain();
            assertThat(table.epochs()).containsExactly(epoch, epoch + 1);
            assertThat(table.meta(epoch + 1).complete()).isTrue();
            assertThat(index.progress()).isEqualTo(1.0);

            // A withdrawal and a new value reach both epochs through the change log.
            node.indicators.withdraw("GREEN", new CanonicalValue(IndicatorType.INDICATOR_TYPE_EMAIL, email(7)));
            node.indicators.put("GREEN", List.of(indicator("GREEN", "new@scam.example")));
            for (long e : List.of(epoch, epoch + 1)) {
                assertThat(index.resolve(e, List.of(tag(e, email(7)), tag(e, "new@scam.example"))))
                        .containsExactly(
                                null, new CanonicalValue(IndicatorType.INDICATOR_TYPE_EMAIL, "new@scam.example"));
            }

            // The family dropped (or its record unreadable): built again from the store.
            table.drop(epoch);
            table.drop(epoch + 1);
            try (var it = node.store.newIterator(ColumnFamily.BLIND_TAGS)) {
                it.seekToFirst();
                assertThat(it.isValid()).isFalse();
            }
            index.maintain();
            assertThat(index.resolve(epoch, List.of(tag(epoch, email(3)), tag(epoch, email(7)))))
                    .containsExactly(new CanonicalValue(IndicatorType.INDICATOR_TYPE_EMAIL, email(3)), null);
        }
        // The seed replaced (another key for the same epoch): the stored index is not used but built again.
        byte[] other = seed.clone();
        other[0] ^= 1;
        try (Node node = Node.open(dir);
                TagIndex index = node.index(other, clock, 0)) {
            index.maintain();
            assertThat(index.resolve(epoch, List.of(tag(other, epoch, email(3)), tag(epoch, email(3)))))
                    .containsExactly(new CanonicalValue(IndicatorType.INDICATOR_TYPE_EMAIL, email(3)), null);
        }
    }
}
