package org.jaring.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jaring.node.FakePeer;
import org.jaring.node.RunningNode;
import org.jaring.node.TestConfigs;
import org.jaring.node.store.ColumnFamily;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Audience;
import org.jaring.v1.Case;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedItem;
import org.jaring.v1.FeedRequest;
import org.jaring.v1.Handling;
import org.jaring.v1.Hit;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Sharing;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.Tlp;
import org.jaring.v1.WithdrawIndicatorRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed tells a peer nothing about what it may not see (docs/security.md 3.10): pulled over mutual TLS by a
 * peer with its own pinned certificate, a node that holds records withheld from that peer serves exactly the
 * feed of a node that holds only the records the peer may see, cursor structure included.
 */
class FeedHidesWithheldRecordsTest {
    private static final String ASKER = "ID-POLRI";
    private static final String OTHER = "TH-CCIB";
    private static final String QUIET = "sync: {interval: 1h}\n" + TestConfigs.GENEROUS_PEER_BUDGETS;
    private static final Timestamp SEEN =
            Timestamp.newBuilder().setSeconds(1_780_000_000L).build();
    /** Handlings the asker (ID-POLRI) may see. */
    private static final List<Handling> VISIBLE = List.of(
            tlp(Tlp.TLP_GREEN),
            tlp(Tlp.TLP_CLEAR),
            toNodes(Tlp.TLP_AMBER, ASKER),
            toNodes(Tlp.TLP_AMBER_STRICT, ASKER, OTHER),
            toNodes(Tlp.TLP_GREEN, ASKER),
            published(toNodes(Tlp.TLP_AMBER, ASKER)));
    /**
     * Withheld from the asker's feed; the first three are shared with OTHER, which pulls the holding node too. The
     * confirm-only ones the asker may learn of on a lookup, but never in the feed.
     */
    private static final List<Handling> HIDDEN = List.of(
            toNodes(Tlp.TLP_AMBER, OTHER),
            toNodes(Tlp.TLP_GREEN, OTHER),
            tlp(Tlp.TLP_GREEN).toBuilder()
                    .setAudience(Audience.newBuilder().addNodes(OTHER).addGroups("elsewhere"))
                    .build(),
            tlp(Tlp.TLP_RED),
            Handling.newBuilder()
                    .setTlp(Tlp.TLP_AMBER)
                    .setAudience(Audience.newBuilder().addGroups("elsewhere"))
                    .build(),
            Handling.newBuilder()
                    .setTlp(Tlp.TLP_GREEN)
                    .setAudience(Audience.newBuilder().setLocalOnly(true))
                    .build(),
            confirmOnly(tlp(Tlp.TLP_GREEN)),
            confirmOnly(toNodes(Tlp.TLP_AMBER, ASKER)),
            confirmOnly(toNodes(Tlp.TLP_AMBER_STRICT, ASKER, OTHER)));

    @TempDir
    Path dir;
    /**
     * The values the test put in the LOCAL case or the CONFIRM case (whose default is confirm-only): they stay
     * there (made visible, they would be another item), so they are never made visible.
     */
    private final Map<String, String> ownCase = new HashMap<>();

    private static Handling confirmOnly(Handling h) {
        return h.toBuilder().setSharing(Sharing.SHARING_CONFIRM_ONLY).build();
    }

    private static Handling published(Handling h) {
        return h.toBuilder().setSharing(Sharing.SHARING_PUBLISHED).build();
    }

    private static Handling tlp(Tlp tlp) {
        return Handling.newBuilder().setTlp(tlp).build();
    }

    private static Handling toNodes(Tlp tlp, String... nodes) {
        return Handling.newBuilder()
                .setTlp(tlp)
                .setAudience(Audience.newBuilder().addAllNodes(List.of(nodes)))
                .build();
    }

    private static void putCase(RunningNode node, String caseId, Handling handling, List<Offence> offences) {
        Case.Builder c = Case.newBuilder().setCaseId(caseId).addAllOffences(offences);
        if (handling != null) {
            c.setDefaultHandling(handling);
        }
        node.analyst().putCase(PutCaseRequest.newBuilder().setCase(c).build());
    }

    /** Adds or replaces {@code value} in {@code caseId}; {@code handling} null: the case's (none for LOCAL). */
    private static void put(
            RunningNode node, String caseId, String value, Handling handling, int confidence, Timestamp validUntil) {
        Indicator.Builder i = Indicator.newBuilder()
                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                .setValue(value)
                .setConfidence(confidence)
                .setFirstSeen(SEEN)
                .setLastSeen(SEEN);
        if (handling != null) {
            i.setHandling(handling);
        }
        if (validUntil != null) {
            i.setValidUntil(validUntil);
        }
        node.analyst()
                .addIndicators(AddIndicatorsRequest.newBuilder()
                        .setCaseId(caseId)
                        .addIndicators(i)
                        .build());
    }

    private static void withdraw(RunningNode node, String caseId, String value) {
        node.analyst()
                .withdrawIndicator(WithdrawIndicatorRequest.newBuilder()
                        .setCaseId(caseId)
                        .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                        .setValue(value)
                        .build());
    }

    /** Every batch of one Feed call, as the peer receives it. */
    private static List<FeedBatch> pull(FakePeer peer, RunningNode origin, long cursor, int maxItems) {
        List<FeedBatch> out = new ArrayList<>();
        Iterator<FeedBatch> it = peer.callerOf(origin)
                .feed(FeedRequest.newBuilder()
                        .setAfterSequence(cursor)
                        .setMaxItemsPerBatch(maxItems)
                        .build());
        it.forEachRemaining(out::add);
        return out;
    }

    private static long cursorAfter(long cursor, List<FeedBatch> batches) {
        return batches.isEmpty() ? cursor : batches.get(batches.size() - 1).getThroughSequence();
    }

    /**
     * What a peer can observe of one Feed call, with what necessarily differs between two nodes masked: the
     * signature and signer fields, request_hash, the origin's node ID and contact. Values that are per node (the
     * cursors, item_ids and case handles) are replaced by the order in which they first appeared, so that what
     * is compared is their structure: which values repeat, and where.
     */
    private static final class Observer {
        private final Map<String, Integer> labels = new HashMap<>();

        private String label(String kind, String value) {
            return kind + labels.computeIfAbsent(kind + ":" + value, v -> labels.size());
        }

        private String cursor(long value) {
            return value == 0 ? "0" : label("c", Long.toUnsignedString(value));
        }

        String observe(long requestCursor, List<FeedBatch> batches) {
            StringBuilder out = new StringBuilder("from ")
                    .append(cursor(requestCursor))
                    .append(": ")
                    .append(batches.size())
                    .append(" batch(es)\n");
            for (FeedBatch b : batches) {
                out.append("  batch after=")
                        .append(cursor(b.getAfterSequence()))
                        .append(" through=")
                        .append(cursor(b.getThroughSequence()))
                        .append(" head=")
                        .append(cursor(b.getHeadSequence()))
                        .append(" items=")
                        .append(b.getItemsCount())
                        .append('\n');
                for (FeedItem item : b.getItemsList()) {
                    FeedItem.Builder masked = item.toBuilder().setItemId(label("item", item.getItemId()));
                    if (item.hasHit()) {
                        Hit hit = item.getHit();
                        masked.setHit(hit.toBuilder()
                                .clearOriginNode()
                                .clearContact()
                                .setCaseHandle(label("case", hit.getCaseHandle())));
                    }
                    out.append("    ")
                            .append(TextFormat.shortDebugString(masked.build()))
                            .append('\n');
                }
            }
            return out.toString();
        }
    }

    /** One value as the test drives it on both origins. */
    private enum State {
        VISIBLE,
        HIDDEN,
        GONE
    }

    /**
     * Seeded random histories (RED, AMBER for another node or group, LOCAL, expired, narrowed to another peer
     * that pulls them, withdrawn after that peer saw them, made visible later, made hidden later, changed while
     * hidden, whole-case changes). The holding node gets every change; the other node gets only what the asker may
     * see of it (a visible record, its changes, and its end as a withdrawal). After each step the asker pulls
     * both feeds from its own cursors, in random batch sizes, and the two are compared as the asker sees them.
     */
    @Test
    void aNodeHoldingWithheldRecordsServesTheSameFeedAsOneThatDoesNot() {
        // Three seeds in the suite; a longer run: -Djaring.feed.seeds=200 (docs/security.md 3.10).
        sameFeeds(Integer.getInteger("jaring.feed.seeds", 3));
    }

    /** The slow profile's run ({@code -P slow}): thirty seeds. */
    @Tag("slow")
    @Test
    void aNodeHoldingWithheldRecordsServesTheSameFeedAsOneThatDoesNotForThirtySeeds() {
        sameFeeds(30);
    }

    private void sameFeeds(int seeds) {
        try (RunningNode holding = new RunningNode(dir.resolve("holding"), "MY-PDRM", QUIET);
                RunningNode clean = new RunningNode(dir.resolve("clean"), "SG-SPF", QUIET);
                FakePeer askHolding = new FakePeer(dir.resolve("ask-holding"), ASKER, holding);
                FakePeer askClean = new FakePeer(dir.resolve("ask-clean"), ASKER, clean);
                FakePeer other = new FakePeer(dir.resolve("other"), OTHER, holding)) {
            askHolding.pinnedBy(holding);
            askClean.pinnedBy(clean);
            other.pinnedBy(holding);
            List<Offence> fraud = List.of(Offence.OFFENCE_FRAUD);
            for (RunningNode n : List.of(holding, clean)) {
                putCase(n, "C-1", tlp(Tlp.TLP_GREEN), fraud);
            }
            putCase(holding, "C-LOCAL", null, fraud);
            putCase(holding, "C-CONFIRM", confirmOnly(tlp(Tlp.TLP_GREEN)), fraud);

            int differences = 0;
            List<String> firstDifference = new ArrayList<>();
            for (long seed = 1; seed <= seeds; seed++) {
                Random random = new Random(seed);
                Observer seenFromHolding = new Observer();
                Observer seenFromClean = new Observer();
                long cursorHolding = 0;
                long cursorClean = 0;
                long otherCursor = 0;
                Map<String, State> values = new LinkedHashMap<>();
                boolean laundering = false;
                for (int step = 0; step < 70; step++) {
                    String fresh = "s" + seed + "-v" + step + ".example";
                    List<String> visible = values.entrySet().stream()
                            .filter(e -> e.getValue() == State.VISIBLE)
                            .map(Map.Entry::getKey)
                            .toList();
                    List<String> hidden = values.entrySet().stream()
                            .filter(e -> e.getValue() == State.HIDDEN)
                            .map(Map.Entry::getKey)
                            .toList();
                    int op = random.nextInt(11);
                    if (op <= 1) { // a visible record, on both
                        Handling h = VISIBLE.get(random.nextInt(VISIBLE.size()));
                        int confidence = random.nextInt(101);
                        put(holding, "C-1", fresh, h, confidence, null);
                        put(clean, "C-1", fresh, h, confidence, null);
                        values.put(fresh, State.VISIBLE);
                    } else if (op <= 3) { // a withheld record, on the holding node only
                        int kind = random.nextInt(HIDDEN.size() + 4);
                        if (kind < HIDDEN.size()) {
                            put(holding, "C-1", fresh, HIDDEN.get(kind), 50, null);
                        } else if (kind == HIDDEN.size()) { // LOCAL: no handling of its own, none from its case
                            put(holding, "C-LOCAL", fresh, null, 50, null);
                            ownCase.put(fresh, "C-LOCAL");
                        } else if (kind == HIDDEN.size() + 1) { // confirm-only by its case's default
                            put(holding, "C-CONFIRM", fresh, null, 50, null);
                            ownCase.put(fresh, "C-CONFIRM");
                        } else if (kind == HIDDEN.size() + 2) { // its own TLP, the case's confirm-only sharing
                            put(holding, "C-CONFIRM", fresh, toNodes(Tlp.TLP_AMBER, ASKER), 50, null);
                            ownCase.put(fresh, "C-CONFIRM");
                        } else { // visible by its handling, but expired
                            put(
                                    holding,
                                    "C-1",
                                    fresh,
                                    tlp(Tlp.TLP_GREEN),
                                    50,
                                    Timestamp.newBuilder().setSeconds(1_000_000).build());
                        }
                        values.put(fresh, State.HIDDEN);
                    } else if (op == 4 && !visible.isEmpty()) { // a visible record is withheld from now on
                        String v = visible.get(random.nextInt(visible.size()));
                        put(holding, "C-1", v, HIDDEN.get(random.nextInt(HIDDEN.size())), 50, null);
                        withdraw(clean, "C-1", v);
                        values.put(v, State.GONE); // on the clean node it is gone; the holding node keeps it hidden
                    } else if (op == 5 && !hidden.isEmpty()) { // a withheld record becomes visible (RED to GREEN)
                        String v = hidden.get(random.nextInt(hidden.size()));
                        if (!ownCase.containsKey(v)) {
                            Handling h = VISIBLE.get(random.nextInt(VISIBLE.size()));
                            put(holding, "C-1", v, h, 77, null);
                            put(clean, "C-1", v, h, 77, null);
                            values.put(v, State.VISIBLE);
                        }
                    } else if (op == 6 && !hidden.isEmpty()) { // a withheld record changes again
                        String v = hidden.get(random.nextInt(hidden.size()));
                        if (!ownCase.containsKey(v)) {
                            put(
                                    holding,
                                    "C-1",
                                    v,
                                    HIDDEN.get(random.nextInt(HIDDEN.size())),
                                    random.nextInt(101),
                                    null);
                        }
                    } else if (op == 7 && !visible.isEmpty()) { // a visible record changes, on both
                        String v = visible.get(random.nextInt(visible.size()));
                        Handling h = VISIBLE.get(random.nextInt(VISIBLE.size()));
                        int confidence = random.nextInt(101);
                        put(holding, "C-1", v, h, confidence, null);
                        put(clean, "C-1", v, h, confidence, null);
                    } else if (op == 8 && !visible.isEmpty()) { // a visible record is withdrawn, on both
                        String v = visible.get(random.nextInt(visible.size()));
                        withdraw(holding, "C-1", v);
                        withdraw(clean, "C-1", v);
                        values.put(v, State.GONE);
                    } else if (op == 9 && !hidden.isEmpty()) { // withdrawn after another peer saw it
                        otherCursor =
                                cursorAfter(otherCursor, pull(other, holding, otherCursor, 1 + random.nextInt(5)));
                        String v = hidden.get(random.nextInt(hidden.size()));
                        withdraw(holding, ownCase.getOrDefault(v, "C-1"), v);
                        values.put(v, State.GONE);
                    } else if (op == 10) { // the case's offences change: every indicator of it changes, on both
                        laundering = !laundering;
                        List<Offence> offences =
                                laundering ? List.of(Offence.OFFENCE_FRAUD, Offence.OFFENCE_LAUNDERING) : fraud;
                        putCase(holding, "C-1", tlp(Tlp.TLP_GREEN), offences);
                        putCase(clean, "C-1", tlp(Tlp.TLP_GREEN), offences);
                    }
                    if (random.nextInt(3) == 0 || step == 69) {
                        int maxItems = List.of(1, 2, 3, 7, 100).get(random.nextInt(5));
                        List<FeedBatch> fromHolding = pull(askHolding, holding, cursorHolding, maxItems);
                        List<FeedBatch> fromClean = pull(askClean, clean, cursorClean, maxItems);
                        String a = seenFromHolding.observe(cursorHolding, fromHolding);
                        String b = seenFromClean.observe(cursorClean, fromClean);
                        if (!a.equals(b)) {
                            differences++;
                            if (firstDifference.isEmpty()) {
                                firstDifference.add(
                                        "seed " + seed + " step " + step + "\nholding:\n" + a + "clean:\n" + b);
                            }
                        }
                        cursorHolding = cursorAfter(cursorHolding, fromHolding);
                        cursorClean = cursorAfter(cursorClean, fromClean);
                    }
                }
            }
            assertThat(differences).as(String.join("\n", firstDifference)).isZero();
        }
    }

    @Test
    void aRecordWithheldUntilItIsGreenArrivesOnlyThenAndARecordMadeRedIsRemovedOnlyWhereItWasGiven() {
        try (RunningNode origin = new RunningNode(dir.resolve("origin"), "MY-PDRM", QUIET);
                FakePeer asker = new FakePeer(dir.resolve("asker"), ASKER, origin);
                FakePeer late = new FakePeer(dir.resolve("late"), OTHER, origin)) {
            asker.pinnedBy(origin);
            late.pinnedBy(origin);
            putCase(origin, "C-1", tlp(Tlp.TLP_GREEN), List.of(Offence.OFFENCE_FRAUD));

            // RED, changed twice: nothing at all reaches the asker, not even an empty batch.
            put(origin, "C-1", "red-first.example", tlp(Tlp.TLP_RED), 10, null);
            put(origin, "C-1", "red-first.example", tlp(Tlp.TLP_RED), 20, null);
            assertThat(pull(asker, origin, 0, 100)).isEmpty();

            // Made GREEN: one hit, and its item_id is news to the asker (no removal ever named it).
            put(origin, "C-1", "red-first.example", tlp(Tlp.TLP_GREEN), 30, null);
            List<FeedBatch> green = pull(asker, origin, 0, 100);
            assertThat(green).singleElement().satisfies(b -> {
                assertThat(b.getItemsList()).singleElement().satisfies(i -> {
                    assertThat(i.getRemoved()).isFalse();
                    assertThat(i.getHit().getValue()).isEqualTo("red-first.example");
                    assertThat(i.getSequence()).as("items carry no sequence").isZero();
                });
                assertThat(b.getHeadSequence()).as("the last batch").isEqualTo(b.getThroughSequence());
            });
            long cursor = cursorAfter(0, green);
            String itemId = green.get(0).getItems(0).getItemId();

            // Made RED: the asker, which had it, is told to forget it; a peer that never had it hears nothing,
            // from the beginning of the feed or not.
            put(origin, "C-1", "red-first.example", tlp(Tlp.TLP_RED), 40, null);
            List<FeedBatch> removal = pull(asker, origin, cursor, 100);
            assertThat(removal)
                    .singleElement()
                    .satisfies(b -> assertThat(b.getItemsList()).singleElement().satisfies(i -> {
                        assertThat(i.getRemoved()).isTrue();
                        assertThat(i.getItemId()).isEqualTo(itemId);
                        assertThat(i.hasHit()).isFalse();
                    }));
            assertThat(pull(late, origin, 0, 100)).isEmpty();

            // Changed again while RED: no second removal, to anyone.
            put(origin, "C-1", "red-first.example", tlp(Tlp.TLP_RED), 50, null);
            assertThat(pull(asker, origin, cursorAfter(cursor, removal), 100)).isEmpty();
            assertThat(pull(late, origin, 0, 100)).isEmpty();
        }
    }

    /** The hits and removals of a pull, as "hit value" or "removed item_id", in order. */
    private static List<String> items(List<FeedBatch> batches) {
        List<String> out = new ArrayList<>();
        for (FeedBatch b : batches) {
            for (FeedItem i : b.getItemsList()) {
                out.add(
                        i.getRemoved()
                                ? "removed " + i.getItemId()
                                : "hit " + i.getHit().getValue());
            }
        }
        return out;
    }

    /**
     * Published to confirm-only and back, on the indicator and through its case's default: the peer that held it is
     * told to drop it once (as for any record it may no longer see), hears nothing of its changes while it is
     * confirm-only, and gets it again when it is published again; a peer that never held it hears nothing at all.
     */
    @Test
    void aRecordMadeConfirmOnlyLeavesTheFeedWhereItWasGivenAndReturnsWhenPublishedAgain() {
        try (RunningNode origin = new RunningNode(dir.resolve("origin"), "MY-PDRM", QUIET);
                FakePeer asker = new FakePeer(dir.resolve("asker"), ASKER, origin);
                FakePeer late = new FakePeer(dir.resolve("late"), OTHER, origin)) {
            asker.pinnedBy(origin);
            late.pinnedBy(origin);
            List<Offence> fraud = List.of(Offence.OFFENCE_FRAUD);
            putCase(origin, "C-1", tlp(Tlp.TLP_GREEN), fraud);
            put(origin, "C-1", "own.example", tlp(Tlp.TLP_GREEN), 10, null);
            put(origin, "C-1", "inherits.example", null, 10, null);
            List<FeedBatch> first = pull(asker, origin, 0, 100);
            assertThat(items(first)).containsExactly("hit own.example", "hit inherits.example");
            String ownId = first.get(0).getItems(0).getItemId();
            long cursor = cursorAfter(0, first);

            // The indicator's own handling made confirm-only: one removal, then silence while it changes.
            put(origin, "C-1", "own.example", confirmOnly(tlp(Tlp.TLP_GREEN)), 20, null);
            List<FeedBatch> removal = pull(asker, origin, cursor, 100);
            assertThat(items(removal)).containsExactly("removed " + ownId);
            cursor = cursorAfter(cursor, removal);
            put(origin, "C-1", "own.example", confirmOnly(tlp(Tlp.TLP_GREEN)), 30, null);
            assertThat(pull(asker, origin, cursor, 100)).isEmpty();

            // Published again (its own handling names no sharing: the case's, published): it arrives again.
            put(origin, "C-1", "own.example", tlp(Tlp.TLP_GREEN), 40, null);
            List<FeedBatch> back = pull(asker, origin, cursor, 100);
            assertThat(items(back)).containsExactly("hit own.example");
            assertThat(back.get(0).getItems(0).getItemId()).isEqualTo(ownId);
            cursor = cursorAfter(cursor, back);

            // The case default made confirm-only: both leave, the one with its own TLP too (it names no sharing).
            putCase(origin, "C-1", confirmOnly(tlp(Tlp.TLP_GREEN)), fraud);
            List<FeedBatch> caseRemoval = pull(asker, origin, cursor, 100);
            assertThat(items(caseRemoval)).hasSize(2).allMatch(i -> i.startsWith("removed "));
            cursor = cursorAfter(cursor, caseRemoval);
            put(origin, "C-1", "new-while-confirm-only.example", null, 10, null);
            assertThat(pull(asker, origin, cursor, 100)).isEmpty();
            assertThat(pull(late, origin, 0, 100))
                    .as("a peer that never had them: nothing, from the start of the feed")
                    .isEmpty();

            // The case published again: all three, once each.
            putCase(origin, "C-1", published(tlp(Tlp.TLP_GREEN)), fraud);
            assertThat(items(pull(asker, origin, cursor, 100)))
                    .containsExactlyInAnyOrder(
                            "hit own.example", "hit inherits.example", "hit new-while-confirm-only.example");
        }
    }

    /** More withheld changes than one step judges (1,024 to 10,000), before and after the one visible item. */
    @Test
    void thousandsOfWithheldChangesAreSkippedInStepsAndYieldNoBatch() {
        try (RunningNode origin = new RunningNode(dir.resolve("origin"), "MY-PDRM", QUIET);
                FakePeer asker = new FakePeer(dir.resolve("asker"), ASKER, origin)) {
            asker.pinnedBy(origin);
            putCase(origin, "C-1", tlp(Tlp.TLP_GREEN), List.of(Offence.OFFENCE_FRAUD));
            putCase(origin, "C-RED", tlp(Tlp.TLP_RED), List.of(Offence.OFFENCE_FRAUD));
            addMany(origin, "C-RED", "before", 2_500);
            put(origin, "C-1", "the-one.example", tlp(Tlp.TLP_GREEN), 10, null);
            addMany(origin, "C-RED", "after", 2_500);

            for (int maxItems : new int[] {1, 5_000}) {
                List<FeedBatch> batches = pull(asker, origin, 0, maxItems);
                assertThat(batches).singleElement().satisfies(b -> {
                    assertThat(b.getItemsList())
                            .singleElement()
                            .satisfies(i -> assertThat(i.getHit().getValue()).isEqualTo("the-one.example"));
                    assertThat(b.getHeadSequence()).isEqualTo(b.getThroughSequence());
                });
                assertThat(pull(asker, origin, cursorAfter(0, batches), maxItems))
                        .isEmpty();
            }
            // The whole RED case changes (5,000 changes): still nothing, from the cursor the asker holds.
            long cursor = cursorAfter(0, pull(asker, origin, 0, 100));
            putCase(origin, "C-RED", tlp(Tlp.TLP_RED), List.of(Offence.OFFENCE_LAUNDERING));
            assertThat(pull(asker, origin, cursor, 100)).isEmpty();
        }
    }

    private static void addMany(RunningNode node, String caseId, String prefix, int n) {
        AddIndicatorsRequest.Builder r = AddIndicatorsRequest.newBuilder().setCaseId(caseId);
        for (int i = 0; i < n; i++) {
            r.addIndicators(Indicator.newBuilder()
                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                    .setValue(prefix + "-" + i + ".example"));
        }
        node.analyst().addIndicators(r.build());
    }

    @Test
    void aBatchLostInTransitIsPulledAgainFromTheOldCursorWithItsRemoval() {
        try (RunningNode origin = new RunningNode(dir.resolve("origin"), "MY-PDRM", QUIET);
                FakePeer asker = new FakePeer(dir.resolve("asker"), ASKER, origin)) {
            asker.pinnedBy(origin);
            putCase(origin, "C-1", tlp(Tlp.TLP_GREEN), List.of(Offence.OFFENCE_FRAUD));
            put(origin, "C-1", "kept.example", tlp(Tlp.TLP_GREEN), 10, null);
            put(origin, "C-1", "narrowed.example", tlp(Tlp.TLP_GREEN), 10, null);
            List<FeedBatch> first = pull(asker, origin, 0, 100);
            assertThat(first.get(0).getItemsCount()).isEqualTo(2);
            long old = cursorAfter(0, first);

            put(origin, "C-1", "narrowed.example", toNodes(Tlp.TLP_AMBER, OTHER), 10, null);
            put(origin, "C-1", "other-red.example", tlp(Tlp.TLP_RED), 10, null);
            List<FeedBatch> lost = pull(asker, origin, old, 100); // never applied by the asker
            assertThat(lost)
                    .singleElement()
                    .satisfies(b -> assertThat(b.getItems(0).getRemoved()).isTrue());

            // More hidden changes, then the asker pulls again from where it really is.
            put(origin, "C-1", "narrowed.example", tlp(Tlp.TLP_RED), 10, null);
            put(origin, "C-1", "other-red.example", tlp(Tlp.TLP_RED), 20, null);
            List<FeedBatch> again = pull(asker, origin, old, 100);
            assertThat(again).singleElement().satisfies(b -> {
                assertThat(b.getItemsList()).singleElement().satisfies(i -> {
                    assertThat(i.getRemoved()).isTrue();
                    assertThat(i.getItemId()).isEqualTo(lost.get(0).getItems(0).getItemId());
                });
                assertThat(b.getAfterSequence()).isEqualTo(old);
                assertThat(b.getHeadSequence()).isEqualTo(b.getThroughSequence());
                assertThat(b.getThroughSequence())
                        .as("at the same change as before")
                        .isEqualTo(lost.get(0).getThroughSequence());
            });
            // From the cursor after the removal: nothing, however the withheld item changed since.
            assertThat(pull(asker, origin, cursorAfter(old, again), 100)).isEmpty();
            // And from the start of the feed: the item that is still shared, and the removal, once each.
            List<FeedBatch> all = pull(asker, origin, 0, 1);
            assertThat(all).hasSize(2);
            assertThat(all.get(0).getItems(0).getHit().getValue()).isEqualTo("kept.example");
            assertThat(all.get(0).getHeadSequence()).as("more follows").isZero();
            assertThat(all.get(1).getItems(0).getRemoved()).isTrue();
            assertThat(all.get(1).getItems(0).getItemId())
                    .isEqualTo(lost.get(0).getItems(0).getItemId());
            assertThat(all.get(1).getThroughSequence()).isEqualTo(lost.get(0).getThroughSequence());
            assertThat(all.get(1).getHeadSequence()).isEqualTo(all.get(1).getThroughSequence());
        }
    }

    @Test
    void aCursorThatThisNodeDidNotGiveIsRefusedWithTheSameTextWhateverTheNodeHolds() {
        try (RunningNode holding = new RunningNode(dir.resolve("holding"), "MY-PDRM", QUIET);
                RunningNode empty = new RunningNode(dir.resolve("empty"), "SG-SPF", QUIET);
                FakePeer askHolding = new FakePeer(dir.resolve("ask-holding"), ASKER, holding);
                FakePeer askEmpty = new FakePeer(dir.resolve("ask-empty"), ASKER, empty);
                FakePeer other = new FakePeer(dir.resolve("other"), OTHER, holding)) {
            askHolding.pinnedBy(holding);
            askEmpty.pinnedBy(empty);
            other.pinnedBy(holding);
            putCase(holding, "C-1", tlp(Tlp.TLP_GREEN), List.of(Offence.OFFENCE_FRAUD));
            for (int n = 0; n < 50; n++) {
                put(holding, "C-1", "v" + n + ".example", n % 2 == 0 ? tlp(Tlp.TLP_RED) : tlp(Tlp.TLP_GREEN), 10, null);
            }
            long given = cursorAfter(0, pull(askHolding, holding, 0, 100));
            assertThat(given).isNotZero();

            Random random = new Random(7);
            List<String> texts = new ArrayList<>();
            for (int n = 0; n < 20; n++) {
                long made = n == 0 ? 1 : n == 1 ? 25 : n == 2 ? -1 : random.nextLong(); // small, large, any
                for (FakePeer p : List.of(askHolding, askEmpty)) {
                    RunningNode origin = p == askHolding ? holding : empty;
                    texts.add(refusal(() -> pull(p, origin, made, 100)));
                }
            }
            // A cursor given to one peer means nothing when another peer sends it.
            texts.add(refusal(() -> pull(other, holding, given, 100)));
            assertThat(texts)
                    .allSatisfy(t -> assertThat(t)
                            .isEqualTo("INVALID_ARGUMENT: after_sequence: is not a cursor this node gave you"));
        }
    }

    /**
     * A receiver whose cursor the origin refuses (the origin was restored from a backup, or ran a version whose
     * cursors were its plain sequence) drops that origin's items and pulls its feed again from the start: the
     * origin no longer knows what it gave, so a kept item could never be removed.
     */
    @Test
    void aReceiverWhoseCursorIsRefusedDropsThatOriginsItemsAndPullsAgain() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", QUIET);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", QUIET)) {
            th.trust(my, "asean");
            my.trust(th, "asean");
            putCase(my, "C-1", tlp(Tlp.TLP_GREEN), List.of(Offence.OFFENCE_FRAUD));
            put(my, "C-1", "stays.example", tlp(Tlp.TLP_GREEN), 10, null);
            put(my, "C-1", "made-red.example", tlp(Tlp.TLP_GREEN), 10, null);
            th.admin().syncNow(SyncNowRequest.getDefaultInstance());
            assertThat(syncedValues(th)).containsExactlyInAnyOrder("stays.example", "made-red.example");

            // The origin forgets what it gave (as a store from before FEED_GIVEN), the receiver holds a cursor the
            // origin never gave, and the record is withheld from now on.
            var store = my.node.store();
            store.db().deleteRange(store.handle(ColumnFamily.FEED_GIVEN), new byte[0], new byte[] {
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff
            });
            var thStore = th.node.store();
            thStore.db()
                    .put(
                            thStore.handle(ColumnFamily.META),
                            "feed_cursor/MY-PDRM".getBytes(StandardCharsets.UTF_8),
                            ByteBuffer.allocate(8)
                                    .putLong(0x1234_5678_9abc_def0L)
                                    .array());
            put(my, "C-1", "made-red.example", tlp(Tlp.TLP_RED), 10, null);

            var result = th.admin().syncNow(SyncNowRequest.getDefaultInstance()).getPeers(0);
            assertThat(result.getError()).isEmpty();
            assertThat(result.getCursor()).isNotEqualTo(0x1234_5678_9abc_def0L).isNotZero();
            assertThat(syncedValues(th)).containsExactly("stays.example");
        }
    }

    private static List<String> syncedValues(RunningNode node) {
        var r = node.analyst()
                .lookupLocal(LookupLocalRequest.newBuilder()
                        .addQueries(LookupQuery.newBuilder().setValue("stays.example"))
                        .addQueries(LookupQuery.newBuilder().setValue("made-red.example"))
                        .build());
        return r.getResultsList().stream()
                .filter(x -> x.getSyncedCount() > 0)
                .map(x -> x.getCanonicalValue())
                .toList();
    }

    private static String refusal(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            return e.getStatus().getCode() + ": " + e.getStatus().getDescription();
        }
        throw new AssertionError("the cursor was accepted");
    }
}
