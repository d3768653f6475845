package org.jaring.node.share;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.jaring.node.FakePeer;
import org.jaring.node.PeerWire;
import org.jaring.node.RunningNode;
import org.jaring.node.TestConfigs;
import org.jaring.node.signing.NodeSigner;
import org.jaring.node.signing.SignedSightings;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Audience;
import org.jaring.v1.Case;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.DeliverRequestRequest;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedRequest;
import org.jaring.v1.GetRevocationsRequest;
import org.jaring.v1.Handling;
import org.jaring.v1.Hit;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.Purpose;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.QueryHits;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.ReportSightingsResponse;
import org.jaring.v1.RequestPeerServiceGrpc;
import org.jaring.v1.Sharing;
import org.jaring.v1.Sighting;
import org.jaring.v1.SightingKind;
import org.jaring.v1.Tlp;
import org.jaring.v1.WithdrawIndicatorRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sharing policy proven on the wire, not only in {@link SharingPolicy}: twin nodes with one identity, keys and
 * secrets, one holding random records under random policies, each twin of the other holding only what one asking
 * peer may see of them (and having seen it change the same way). Each asker then calls every peer method of both
 * with the same bytes, and what comes back (status, error text, answer bytes, with signatures, case handles and
 * feed cursors masked) must not differ: "held but not for you" and "not held" look the same.
 *
 * <p>Records are published or confirm-only (on the record, or by their case's default). A twin holds the
 * confirm-only records its asker may learn of, so the comparison covers lookups of them; on top, every answer is
 * checked against the model: a lookup returns exactly the records the asker may learn of, confirm-only or not, and
 * no feed item is a record the policy does not publish to that asker.
 *
 * <p>Seeded: {@code -Djaring.policy.seed=N}. The suite runs a few hundred cases, the slow profile ({@code -P slow})
 * 20,000; the documented run (docs/security.md, 3.10) is {@code -Djaring.policy.cases=100000}.
 */
class PolicyOnTheWirePropertyTest {
    private static final long SEED = Long.getLong("jaring.policy.seed", 20261207L);
    private static final int CASES = Integer.getInteger("jaring.policy.cases", 600);
    private static final int SLOW_CASES = 20_000;
    private static final List<String> NODES = List.of("ID-POLRI", "VN-A05", "SG-SPF");
    private static final List<String> GROUPS = List.of("asean", "mekong", "other");

    @TempDir
    Path dir;

    /** Every live record of the holding node, by case/type/value: the model answers are checked against. */
    private final Map<String, Rec> live = new LinkedHashMap<>();
    /** Lookup hits of confirm-only records, and feed hits: the generator must produce both in quantity. */
    private int confirmOnlyAnswered;

    private int feedHits;

    /** One asking peer: its certificate, what the holder's admin put it in, its twin and its channels. */
    private static final class View {
        final FakePeer peer;
        final Asker asker;
        RunningNode twin;
        ManagedChannel toFull;
        ManagedChannel toTwin;
        long cursorFull;
        long cursorTwin;
        final Set<String> twinCases = new HashSet<>();

        View(FakePeer peer, Asker asker) {
            this.peer = peer;
            this.asker = asker;
        }
    }

    /** One record as generated: its case and its own handling (null: the case's). */
    private record Rec(Case owning, Indicator indicator) {
        Handling effective() {
            return SharingPolicy.effectiveHandling(indicator, owning);
        }

        /**
         * Whether it is confirm-only, restated from docs/protocol.md rather than taken from the code: the record's
         * own sharing kind if it names one, else its case default's.
         */
        boolean confirmOnly() {
            Sharing own = indicator.getHandling().getSharing();
            Sharing kind = own != Sharing.SHARING_UNSPECIFIED
                    ? own
                    : owning.getDefaultHandling().getSharing();
            return kind == Sharing.SHARING_CONFIRM_ONLY;
        }
    }

    @Test
    void nothingAPeerCanObserveDiffersBetweenHeldButNotForYouAndNotHeld() throws Exception {
        compare(CASES);
    }

    @Tag("slow")
    @Test
    void nothingAPeerCanObserveDiffersOverTwentyThousandCases() throws Exception {
        compare(SLOW_CASES);
    }

    /** Rounds of random records and changes until at least {@code wanted} cases were probed on both twins. */
    private void compare(int wanted) throws Exception {
        List<String> differences = new ArrayList<>();
        int cases = 0;
        try (RunningNode full = new RunningNode(
                        dir.resolve("full"),
                        "MY-PDRM",
                        TestConfigs.GENEROUS_PEER_BUDGETS + "sync: {interval: 1h, batch_items: 50}\n");
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", full);
                FakePeer vn = new FakePeer(dir.resolve("vn"), "VN-A05", full)) {
            List<View> views = List.of(
                    new View(id, new Asker("ID-POLRI", Set.of("asean"))),
                    new View(vn, new Asker("VN-A05", Set.of("mekong"))));
            PeerWire.pin(id, full, "asean");
            PeerWire.pin(vn, full, "mekong");
            for (View v : views) {
                v.twin = full.twin(dir.resolve("twin-" + v.asker.nodeId()));
            }
            for (View v : views) {
                v.toFull = PeerWire.channel(v.peer, full);
                v.toTwin = PeerWire.channel(v.peer, v.twin);
            }
            Random rnd = new Random(SEED);
            try {
                for (int round = 1; cases < wanted; round++) {
                    List<Rec> records = generate(rnd, round);
                    for (Rec r : records) {
                        store(full, views, r, null);
                    }
                    mutate(rnd, full, views, records);
                    for (View v : views) {
                        cases += probe(rnd, round, v, differences);
                    }
                    assertThat(differences)
                            .as("differences after round %d (seed %d)", round, SEED)
                            .isEmpty();
                }
                assertThat(confirmOnlyAnswered)
                        .as("confirm-only records answered on lookup")
                        .isGreaterThan(wanted / 100);
                assertThat(feedHits).as("records in the feed").isGreaterThan(wanted / 100);
            } finally {
                for (View v : views) {
                    v.toFull.shutdownNow();
                    v.toTwin.shutdownNow();
                    v.twin.close();
                }
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(wanted);
    }

    // ---- data: random cases, records and changes, mirrored per asker to what it may see -----------------------

    private static List<Rec> generate(Random rnd, int round) {
        List<Case> cases = new ArrayList<>();
        for (int c = 0, n = 1 + rnd.nextInt(4); c < n; c++) {
            Case.Builder b = Case.newBuilder().setCaseId("R" + round + "-C" + c).addOffences(Offence.OFFENCE_FRAUD);
            if (rnd.nextInt(5) > 0) {
                b.setDefaultHandling(handling(rnd));
            }
            cases.add(b.build());
        }
        List<Rec> out = new ArrayList<>();
        Set<String> ids = new HashSet<>(); // (case, type, value) names one record: a repeat would update it
        for (int i = 0, n = 5 + rnd.nextInt(20); i < n; i++) {
            Indicator.Builder ind = Indicator.newBuilder()
                    .setConfidence(rnd.nextInt(101))
                    .setFirstSeen(Timestamp.newBuilder().setSeconds(1_700_000_000L + round))
                    .setLastSeen(Timestamp.newBuilder().setSeconds(1_700_000_100L + round));
            value(round, rnd.nextInt(8), ind);
            if (rnd.nextBoolean()) {
                ind.setHandling(handling(rnd));
            }
            Case owning = cases.get(rnd.nextInt(cases.size()));
            if (ids.add(owning.getCaseId() + "/" + ind.getType() + "/" + ind.getValue())) {
                out.add(new Rec(owning, ind.build()));
            }
        }
        return out;
    }

    /** Value k of a round: few enough that cases share values, of three types. */
    private static void value(int round, int k, Indicator.Builder ind) {
        switch (k % 3) {
            case 0 -> ind.setType(IndicatorType.INDICATOR_TYPE_DOMAIN).setValue("r" + round + "-v" + k + ".example");
            case 1 -> ind.setType(IndicatorType.INDICATOR_TYPE_EMAIL).setValue("v" + k + "@r" + round + ".example");
            default ->
                ind.setType(IndicatorType.INDICATOR_TYPE_IPV4)
                        .setValue("10." + (round / 250 % 250) + "." + (round % 250) + "." + k);
        }
    }

    private static Handling handling(Random rnd) {
        Sharing[] kinds = {Sharing.SHARING_UNSPECIFIED, Sharing.SHARING_PUBLISHED, Sharing.SHARING_CONFIRM_ONLY};
        Tlp[] tlps = {Tlp.TLP_CLEAR, Tlp.TLP_GREEN, Tlp.TLP_AMBER, Tlp.TLP_AMBER_STRICT, Tlp.TLP_RED};
        Audience.Builder audience = Audience.newBuilder();
        if (rnd.nextInt(8) == 0) {
            audience.setLocalOnly(true);
        }
        for (String n : NODES) {
            if (rnd.nextInt(4) == 0) {
                audience.addNodes(n);
            }
        }
        for (String g : GROUPS) {
            if (rnd.nextInt(4) == 0) {
                audience.addGroups(g);
            }
        }
        return Handling.newBuilder()
                .setTlp(tlps[rnd.nextInt(tlps.length)])
                .setAudience(audience)
                .setSharing(kinds[rnd.nextInt(kinds.length)])
                .build();
    }

    /** Stores {@code r} in the full node, and in each twin whose asker may see it now (or saw it before). */
    private void store(RunningNode full, List<View> views, Rec r, Rec before) {
        add(full, null, r);
        live.put(
                key(
                        r.owning().getCaseId(),
                        r.indicator().getType(),
                        r.indicator().getValue()),
                r);
        for (View v : views) {
            boolean now = SharingPolicy.mayDisclose(r.effective(), v.asker);
            boolean then = before != null && SharingPolicy.mayDisclose(before.effective(), v.asker);
            if (now || then) {
                add(v.twin, v, r);
            }
        }
    }

    private static void add(RunningNode node, View twinOf, Rec r) {
        if (twinOf == null || twinOf.twinCases.add(r.owning().getCaseId())) {
            node.analyst()
                    .putCase(PutCaseRequest.newBuilder().setCase(r.owning()).build());
        }
        node.analyst()
                .addIndicators(AddIndicatorsRequest.newBuilder()
                        .setCaseId(r.owning().getCaseId())
                        .addIndicators(r.indicator())
                        .build());
    }

    /**
     * Changes some records as an analyst would: a new handling (a withheld record may become visible, as RED made
     * GREEN later), or the withdrawal of a record nobody may see. A change that hides a record from an asker who
     * could see it is not made here: that asker was told of it, so the twins would rightly differ (FeedSyncTest
     * covers the removal it must receive).
     */
    private static String key(String caseId, IndicatorType type, String value) {
        return caseId + "/" + type + "/" + value;
    }

    private void mutate(Random rnd, RunningNode full, List<View> views, List<Rec> records) {
        for (int i = 0; i < records.size(); i++) {
            Rec r = records.get(i);
            if (rnd.nextInt(3) != 0) {
                continue;
            }
            boolean hiddenFromAll = views.stream().noneMatch(v -> SharingPolicy.mayDisclose(r.effective(), v.asker));
            if (hiddenFromAll && rnd.nextInt(4) == 0) {
                full.analyst()
                        .withdrawIndicator(WithdrawIndicatorRequest.newBuilder()
                                .setCaseId(r.owning().getCaseId())
                                .setType(r.indicator().getType())
                                .setValue(r.indicator().getValue())
                                .build());
                live.remove(key(
                        r.owning().getCaseId(),
                        r.indicator().getType(),
                        r.indicator().getValue()));
                records.remove(i--);
                continue;
            }
            Rec changed = new Rec(
                    r.owning(),
                    r.indicator().toBuilder().setHandling(handling(rnd)).build());
            boolean hides = views.stream()
                    .anyMatch(v -> SharingPolicy.mayDisclose(r.effective(), v.asker)
                            && !SharingPolicy.mayDisclose(changed.effective(), v.asker));
            if (!hides) {
                store(full, views, changed, r);
                records.set(i, changed);
            }
        }
    }

    // ---- probes: the same bytes to both twins, every peer method ----------------------------------------------

    private int probe(Random rnd, int round, View v, List<String> differences) throws Exception {
        int cases = 0;
        // Lookups: values held (visible or not), values of earlier rounds, values nobody holds, duplicates.
        for (int call = 0; call < 3; call++) {
            PeerLookupRequest.Builder lookup = PeerLookupRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setPurpose(Purpose.newBuilder()
                            .setCaseReference("TH-" + round)
                            .setLegalBasis(LegalBasis.LEGAL_BASIS_ASEAN_MLAT));
            for (int q = 0, n = 1 + rnd.nextInt(20); q < n; q++) {
                Indicator.Builder ind = Indicator.newBuilder();
                int r = rnd.nextInt(4) == 0 ? Math.max(1, round - rnd.nextInt(5)) : round;
                value(r, rnd.nextInt(12), ind);
                lookup.addQueries(
                        LookupQuery.newBuilder().setType(ind.getType()).setValue(ind.getValue()));
            }
            cases += lookup.getQueriesCount();
            PeerWire.Result answer =
                    compare(v, PeerServiceGrpc.getLookupMethod(), lookup.build().toByteArray(), differences);
            checkLookup(v, lookup.build(), answer, differences);
        }
        // Sightings of held and unheld values, signed by the asker for the holder.
        ReportSightingsRequest.Builder report = ReportSightingsRequest.newBuilder();
        for (int s = 0, n = 1 + rnd.nextInt(5); s < n; s++) {
            Indicator.Builder ind = Indicator.newBuilder();
            value(round, rnd.nextInt(12), ind);
            report.addSightings(Sighting.newBuilder()
                    .setSightingId(UUID.randomUUID().toString())
                    .setType(ind.getType())
                    .setValue(ind.getValue())
                    .setKind(SightingKind.SIGHTING_KIND_SEEN));
        }
        cases += report.getSightingsCount();
        compare(
                v,
                PeerServiceGrpc.getReportSightingsMethod(),
                SignedSightings.sign(new NodeSigner(v.peer.keys), "MY-PDRM", report),
                differences);
        // The feed, from where each twin left this asker.
        cases += feed(v, differences);
        // The revocation list, and a cooperation request the holder must refuse alike.
        compare(
                v,
                PeerServiceGrpc.getGetRevocationsMethod(),
                GetRevocationsRequest.getDefaultInstance().toByteArray(),
                differences);
        compare(
                v,
                RequestPeerServiceGrpc.getDeliverRequestMethod(),
                DeliverRequestRequest.newBuilder()
                        .setRequest(CooperationRequest.newBuilder()
                                .setRequestId(UUID.randomUUID().toString()))
                        .build()
                        .toByteArray(),
                differences);
        return cases;
    }

    private int feed(View v, List<String> differences) throws Exception {
        PeerWire.Result full = PeerWire.call(
                v.toFull,
                PeerServiceGrpc.getFeedMethod(),
                FeedRequest.newBuilder()
                        .setAfterSequence(v.cursorFull)
                        .setMaxItemsPerBatch(7)
                        .build()
                        .toByteArray());
        PeerWire.Result twin = PeerWire.call(
                v.toTwin,
                PeerServiceGrpc.getFeedMethod(),
                FeedRequest.newBuilder()
                        .setAfterSequence(v.cursorTwin)
                        .setMaxItemsPerBatch(7)
                        .build()
                        .toByteArray());
        record(
                v,
                "Feed",
                normalize(PeerServiceGrpc.getFeedMethod(), full),
                normalize(PeerServiceGrpc.getFeedMethod(), twin),
                differences);
        int items = 0;
        for (byte[] b : full.responses()) {
            FeedBatch batch = FeedBatch.parseFrom(b);
            v.cursorFull = batch.getThroughSequence();
            items += batch.getItemsCount();
            for (var item : batch.getItemsList()) {
                if (item.hasHit()) {
                    feedHits++;
                    Hit h = item.getHit();
                    boolean published = records(h.getType(), h.getValue()).stream()
                            .anyMatch(r -> SharingPolicy.mayDisclose(r.effective(), v.asker) && !r.confirmOnly());
                    if (!published) {
                        differences.add(v.asker.nodeId() + " Feed: " + h.getValue()
                                + " is in the feed, but no record of it is published to this peer");
                    }
                }
            }
        }
        for (byte[] b : twin.responses()) {
            v.cursorTwin = FeedBatch.parseFrom(b).getThroughSequence();
        }
        return items;
    }

    /** Calls both twins with {@code request}, records any difference; the full node's answer. */
    private static PeerWire.Result compare(
            View v, MethodDescriptor<?, ?> method, byte[] request, List<String> differences)
            throws InvalidProtocolBufferException {
        PeerWire.Result fullResult = PeerWire.call(v.toFull, method, request);
        String full = normalize(method, fullResult);
        String twin = normalize(method, PeerWire.call(v.toTwin, method, request));
        record(v, method.getBareMethodName(), full, twin, differences);
        return fullResult;
    }

    private List<Rec> records(IndicatorType type, String value) {
        return live.values().stream()
                .filter(r -> r.indicator().getType() == type
                        && r.indicator().getValue().equals(value))
                .toList();
    }

    /**
     * The full node's lookup answer against the model: per query, one hit for each record the asker may learn
     * of, published or confirm-only alike (a repeated query is answered each time).
     */
    private void checkLookup(View v, PeerLookupRequest request, PeerWire.Result answer, List<String> differences)
            throws InvalidProtocolBufferException {
        if (answer.responses().isEmpty()) {
            differences.add(v.asker.nodeId() + " Lookup: refused, " + answer.status());
            return;
        }
        PeerLookupResponse response =
                PeerLookupResponse.parseFrom(answer.responses().get(0));
        int[] got = new int[request.getQueriesCount()];
        for (QueryHits q : response.getResultsList()) {
            got[q.getQueryIndex()] = q.getHitsCount();
        }
        for (int q = 0; q < got.length; q++) {
            LookupQuery query = request.getQueries(q);
            List<Rec> allowed = records(query.getType(), query.getValue()).stream()
                    .filter(r -> SharingPolicy.mayDisclose(r.effective(), v.asker))
                    .toList();
            if (got[q] != allowed.size()) {
                differences.add(v.asker.nodeId() + " Lookup: " + query.getValue() + " answered with " + got[q]
                        + " hit(s); the asker may learn of " + allowed.size() + " record(s) of it");
            }
            confirmOnlyAnswered +=
                    (int) allowed.stream().filter(Rec::confirmOnly).count();
        }
    }

    private static void record(View v, String method, String full, String twin, List<String> differences) {
        if (!full.equals(twin)) {
            differences.add(
                    v.asker.nodeId() + " " + method + ":\n  holding more: " + full + "\n  holding less: " + twin);
        }
    }

    /**
     * What a peer observes of one call, with what legitimately differs between two nodes masked: signatures
     * (ECDSA is randomised), case handles (random per case: replaced by their order of first appearance) and feed
     * cursors (opaque and per node).
     */
    static String normalize(MethodDescriptor<?, ?> method, PeerWire.Result r) throws InvalidProtocolBufferException {
        StringBuilder out = new StringBuilder(r.status().getCode().name())
                .append(' ')
                .append(r.status().getDescription())
                .append(" |");
        Map<String, String> handles = new LinkedHashMap<>();
        for (byte[] bytes : r.responses()) {
            Message m = switch (method.getBareMethodName()) {
                case "Lookup" -> lookup(PeerLookupResponse.parseFrom(bytes), handles);
                case "Feed" -> feedBatch(FeedBatch.parseFrom(bytes), handles);
                case "ReportSightings" ->
                    ReportSightingsResponse.parseFrom(bytes).toBuilder()
                            .clearSignature()
                            .build();
                default -> null;
            };
            out.append(' ')
                    .append(
                            m == null
                                    ? HexFormat.of().formatHex(bytes)
                                    : TextFormat.printer().shortDebugString(m));
        }
        return out.toString();
    }

    private static Message lookup(PeerLookupResponse response, Map<String, String> handles) {
        PeerLookupResponse.Builder b = response.toBuilder().clearSignature();
        for (QueryHits.Builder q : b.getResultsBuilderList()) {
            for (Hit.Builder h : q.getHitsBuilderList()) {
                h.setCaseHandle(handles.computeIfAbsent(h.getCaseHandle(), k -> "handle-" + handles.size()));
            }
        }
        return b.build();
    }

    private static Message feedBatch(FeedBatch batch, Map<String, String> handles) {
        FeedBatch.Builder b = batch.toBuilder()
                .clearSignature()
                .clearAfterSequence()
                .clearThroughSequence()
                .clearHeadSequence()
                .clearRequestHash();
        for (var item : b.getItemsBuilderList()) {
            item.clearSequence();
            if (item.hasHit()) {
                item.getHitBuilder()
                        .setCaseHandle(handles.computeIfAbsent(
                                item.getHit().getCaseHandle(), k -> "handle-" + handles.size()));
            }
        }
        return b.build();
    }
}
