package org.jaring.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jaring.core.Await;
import org.jaring.node.PeerLink;
import org.jaring.node.RunningNode;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Alert;
import org.jaring.v1.Audience;
import org.jaring.v1.Case;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.Handling;
import org.jaring.v1.Hit;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.ListAlertsRequest;
import org.jaring.v1.ListSightingsRequest;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupLocalResult;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PeerHealth;
import org.jaring.v1.PeersStatusRequest;
import org.jaring.v1.Purpose;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.ReportSightingRequest;
import org.jaring.v1.SightingKind;
import org.jaring.v1.SightingSummary;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.SyncNowResponse;
import org.jaring.v1.SyncResult;
import org.jaring.v1.Tlp;
import org.jaring.v1.WithdrawIndicatorRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feed sync, the peer cache, correlation, warninglists and sightings between real nodes over mutual TLS. */
class FeedSyncTest {
    private static final String SYNC_EVERY_HOUR = "sync: {interval: 1h, batch_items: 50}\n";
    /** Far above the few milliseconds a peer takes to answer here: every peer answers, and the lookup returns then. */
    private static final int LOOKUP_DEADLINE_MILLIS = 30_000;

    @TempDir
    Path dir;

    private static Handling green() {
        return Handling.newBuilder().setTlp(Tlp.TLP_GREEN).build();
    }

    private static void putCase(RunningNode node, String caseId, Handling handling) {
        node.analyst()
                .putCase(PutCaseRequest.newBuilder()
                        .setCase(Case.newBuilder()
                                .setCaseId(caseId)
                                .addOffences(Offence.OFFENCE_FRAUD)
                                .setDefaultHandling(handling))
                        .build());
    }

    private static void add(RunningNode node, String caseId, List<String> domains) {
        for (int from = 0; from < domains.size(); from += 1000) {
            AddIndicatorsRequest.Builder r = AddIndicatorsRequest.newBuilder().setCaseId(caseId);
            for (String d : domains.subList(from, Math.min(domains.size(), from + 1000))) {
                r.addIndicators(Indicator.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                        .setValue(d));
            }
            node.analyst().addIndicators(r.build());
        }
    }

    private static List<String> domains(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(prefix + "-" + i + ".example");
        }
        return out;
    }

    /** The values of {@code candidates} that {@code node} holds synced from {@code origin}. */
    private static Set<String> synced(RunningNode node, String origin, List<String> candidates) {
        Set<String> out = new HashSet<>();
        for (int from = 0; from < candidates.size(); from += 1000) {
            LookupLocalRequest.Builder r = LookupLocalRequest.newBuilder();
            for (String v : candidates.subList(from, Math.min(candidates.size(), from + 1000))) {
                r.addQueries(LookupQuery.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                        .setValue(v));
            }
            for (LookupLocalResult res : node.analyst().lookupLocal(r.build()).getResultsList()) {
                long n = res.getSyncedList().stream()
                        .filter(h -> h.getOriginNode().equals(origin))
                        .count();
                assertThat(n)
                        .as("one synced item per value, never a duplicate: %s", res.getCanonicalValue())
                        .isLessThanOrEqualTo(1);
                if (n == 1) {
                    out.add(res.getCanonicalValue());
                }
            }
        }
        return out;
    }

    private static SyncNowResponse syncNow(RunningNode node) {
        return node.admin().syncNow(SyncNowRequest.getDefaultInstance());
    }

    @Test
    void itemsFlowWithTheirPolicyAndWithdrawalsAndNarrowingReachThePeerInOneRound() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", SYNC_EVERY_HOUR);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", SYNC_EVERY_HOUR)) {
            th.trust(my, "asean");
            my.trust(th, "asean");
            List<String> shared = domains("shared", 2500);
            List<String> red = domains("red", 300);
            List<String> later = domains("narrowed", 200);
            putCase(my, "MY-GREEN", green());
            putCase(my, "MY-RED", Handling.newBuilder().setTlp(Tlp.TLP_RED).build());
            putCase(
                    my,
                    "MY-LATER",
                    Handling.newBuilder()
                            .setTlp(Tlp.TLP_AMBER)
                            .setAudience(Audience.newBuilder().addGroups("asean"))
                            .build());
            add(my, "MY-GREEN", shared);
            add(my, "MY-RED", red);
            add(my, "MY-LATER", later);

            syncNow(th);
            List<String> all = new ArrayList<>(shared);
            all.addAll(red);
            all.addAll(later);
            Set<String> expected = new HashSet<>(shared);
            expected.addAll(later);
            assertThat(synced(th, "MY-PDRM", all)).isEqualTo(expected);
            Hit one = th.analyst()
                    .lookupLocal(LookupLocalRequest.newBuilder()
                            .addQueries(LookupQuery.newBuilder().setValue(shared.get(0)))
                            .build())
                    .getResults(0)
                    .getSynced(0);
            assertThat(one.getCaseHandle()).startsWith("MY-PDRM:");
            assertThat(one.getContact().getEmail()).isEqualTo("cc247@my-pdrm.example");

            // One withdrawal, one narrowed case (now only for SG): both leave TH in the next round.
            my.analyst()
                    .withdrawIndicator(WithdrawIndicatorRequest.newBuilder()
                            .setCaseId("MY-GREEN")
                            .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                            .setValue(shared.get(7))
                            .build());
            putCase(
                    my,
                    "MY-LATER",
                    Handling.newBuilder()
                            .setTlp(Tlp.TLP_AMBER)
                            .setAudience(Audience.newBuilder().addNodes("SG-SPF"))
                            .build());
            syncNow(th);
            expected.remove(shared.get(7));
            expected.removeAll(later);
            assertThat(synced(th, "MY-PDRM", all)).isEqualTo(expected);
            var status = th.admin()
                    .peersStatus(PeersStatusRequest.getDefaultInstance())
                    .getPeers(0);
            assertThat(status.getSyncCursor())
                    .as("caught up; the cursor is opaque")
                    .isEqualTo(status.getSyncHead())
                    .isNotZero();
        }
    }

    /** MY's bytes that pass before the link holds the rest: a few batches of 50 items, far from all of them. */
    private static final long A_FEW_BATCHES = 256 << 10;

    private static PeerHealth peer(RunningNode node) {
        return node.admin().peersStatus(PeersStatusRequest.getDefaultInstance()).getPeers(0);
    }

    /** Runs {@code sync now} on another thread; the node may be stopped under the call. */
    private static CompletableFuture<Void> syncInBackground(RunningNode node) {
        return CompletableFuture.runAsync(() -> {
            try {
                syncNow(node);
            } catch (RuntimeException expectedWhenStopped) {
                // the node or its peer went away under the call
            }
        });
    }

    @Test
    void eitherSideStoppedMidSyncLosesAndDuplicatesNothing() throws Exception {
        try (RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", SYNC_EVERY_HOUR);
                PeerLink link = new PeerLink(my.node.peerPort());
                RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", SYNC_EVERY_HOUR)) {
            th.trustAt(my, link.endpoint(), "asean");
            my.trust(th, "asean");
            List<String> values = domains("bulk", 8000);
            putCase(my, "MY-BULK", green());
            add(my, "MY-BULK", values);

            // The receiver stops in the middle of a sync (batches of 50): the link holds MY's bytes after a few
            // batches, so TH has applied some and waits for the rest when it stops.
            link.holdAfter(A_FEW_BATCHES);
            CompletableFuture<Void> running = syncInBackground(th);
            Await.until(
                    "TH applied MY's first batches and waits for more",
                    () -> link.holding() && peer(th).getSyncCursor() != 0);
            th.stop();
            running.get();
            link.release();
            th.restart();
            assertThat(synced(th, "MY-PDRM", values).size())
                    .as("kept from the stopped sync")
                    .isStrictlyBetween(0, values.size());
            SyncResult resumed = syncNow(th).getPeers(0);
            assertThat(resumed.getError()).isEmpty();
            assertThat(synced(th, "MY-PDRM", values)).hasSize(values.size());

            // The origin goes down in the middle of a sync of new items (as a crash looks to TH: the connection
            // drops mid-stream), is still down for TH's next try, then comes back on the same address.
            List<String> more = domains("more", 4000);
            add(my, "MY-BULK", more);
            long before = peer(th).getSyncCursor();
            link.holdAfter(A_FEW_BATCHES);
            CompletableFuture<Void> again = syncInBackground(th);
            Await.until(
                    "TH applied the first batches of the new items",
                    () -> link.holding() && peer(th).getSyncCursor() != before);
            link.cut();
            my.stop();
            again.get();
            List<String> everything = new ArrayList<>(values);
            everything.addAll(more);
            assertThat(synced(th, "MY-PDRM", everything).size())
                    .as("kept from the broken sync")
                    .isStrictlyBetween(values.size(), everything.size());
            assertThat(syncNow(th).getPeers(0).getError()).as("MY is down").startsWith("UNAVAILABLE");
            my.restart();
            link.restore();
            SyncResult back = syncNow(th).getPeers(0);
            assertThat(back.getError()).as("the first sync once MY is back").isEmpty();
            assertThat(synced(th, "MY-PDRM", everything)).hasSize(everything.size());
        }
    }

    /**
     * While a peer is unreachable, gRPC retries its channel on its own, ever further apart (1 s, 1.6 s, 2.6 s, ...
     * up to two minutes). A {@code sync now} once the peer is back must pull at once, not fail with the channel's
     * old error until its next attempt.
     */
    @Test
    void aSyncNowRightAfterAnUnreachablePeerIsBackPullsAtOnce() {
        try (RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", SYNC_EVERY_HOUR);
                PeerLink link = new PeerLink(my.node.peerPort());
                RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", SYNC_EVERY_HOUR)) {
            th.trustAt(my, link.endpoint(), "asean");
            my.trust(th, "asean");
            putCase(my, "MY-1", green());
            add(my, "MY-1", domains("first", 100));
            assertThat(syncNow(th).getPeers(0).getApplied()).isEqualTo(100);

            link.cut();
            List<String> second = domains("second", 100);
            add(my, "MY-1", second);
            assertThat(syncNow(th).getPeers(0).getError())
                    .as("MY is unreachable")
                    .startsWith("UNAVAILABLE");
            // Two more refused attempts of the channel's own: its next one is at least two seconds away.
            Await.until("TH's channel retried MY twice on its own", () -> link.refused() >= 3);
            assertThat(peer(th).getConnectivity()).isEqualTo("TRANSIENT_FAILURE");

            link.restore();
            SyncResult back = syncNow(th).getPeers(0);
            assertThat(back.getError())
                    .as("the first sync once MY is reachable again")
                    .isEmpty();
            assertThat(back.getApplied()).isEqualTo(second.size());
            assertThat(synced(th, "MY-PDRM", second)).hasSize(second.size());
        }
    }

    @Test
    void aMatchRaisesAnAlertOnBothSidesButWarninglistedValuesRaiseNone() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", SYNC_EVERY_HOUR);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", SYNC_EVERY_HOUR)) {
            th.trust(my, "asean");
            my.trust(th, "asean");
            putCase(th, "TH-1", green());
            putCase(my, "MY-1", green());
            for (RunningNode n : List.of(th, my)) {
                n.analyst()
                        .addIndicators(AddIndicatorsRequest.newBuilder()
                                .setCaseId(n == th ? "TH-1" : "MY-1")
                                .addIndicators(Indicator.newBuilder()
                                        .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                        .setValue("mule-bank-login.example"))
                                .addIndicators(Indicator.newBuilder()
                                        .setType(IndicatorType.INDICATOR_TYPE_IPV4)
                                        .setValue("8.8.8.8"))
                                .addIndicators(Indicator.newBuilder()
                                        .setType(IndicatorType.INDICATOR_TYPE_SHA256)
                                        .setValue("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
                                .build());
            }
            syncNow(th);
            syncNow(my);
            List<Alert> atTh = th.analyst()
                    .listAlerts(ListAlertsRequest.getDefaultInstance())
                    .getAlertsList();
            List<Alert> atMy = my.analyst()
                    .listAlerts(ListAlertsRequest.getDefaultInstance())
                    .getAlertsList();
            assertThat(atTh).singleElement().satisfies(a -> {
                assertThat(a.getCaseId()).isEqualTo("TH-1");
                assertThat(a.getOtherNode()).isEqualTo("MY-PDRM");
                assertThat(a.getOtherCase()).startsWith("MY-PDRM:");
                assertThat(a.getValue()).isEqualTo("mule-bank-login.example");
                assertThat(a.getOther().getContact().getEmail()).isEqualTo("cc247@my-pdrm.example");
            });
            assertThat(atMy).singleElement().satisfies(a -> {
                assertThat(a.getCaseId()).isEqualTo("MY-1");
                assertThat(a.getOtherNode()).isEqualTo("TH-CCIB");
            });
            // Syncing again raises nothing new.
            syncNow(th);
            assertThat(th.analyst()
                            .listAlerts(ListAlertsRequest.getDefaultInstance())
                            .getAlertsList())
                    .hasSize(1);
            // Warninglisted values are flagged in answers.
            var answer = th.analyst()
                    .lookupFederated(FederatedLookupRequest.newBuilder()
                            .addQueries(LookupQuery.newBuilder().setValue("8.8.8.8"))
                            .addQueries(LookupQuery.newBuilder().setValue("mule-bank-login.example"))
                            .setPurpose(Purpose.newBuilder()
                                    .setCaseReference("TH-1")
                                    .setLegalBasis(LegalBasis.LEGAL_BASIS_RECIPROCITY))
                            .setDeadlineMillis(LOOKUP_DEADLINE_MILLIS)
                            .build());
            assertThat(answer.getResults(0).getWarninglist()).isEqualTo("Public DNS resolvers");
            assertThat(answer.getResults(1).getWarninglist()).isEmpty();
        }
    }

    @Test
    void aSightingWaitsForItsOriginAndIsCountedExactlyOnce() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", SYNC_EVERY_HOUR);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", SYNC_EVERY_HOUR)) {
            th.trust(my, "asean");
            my.trust(th, "asean");
            putCase(my, "MY-1", green());
            add(my, "MY-1", List.of("romance-scam-chat.example"));

            my.stop();
            var report = th.analyst()
                    .reportSighting(ReportSightingRequest.newBuilder()
                            .setOriginNode("MY-PDRM")
                            .setValue(LookupQuery.newBuilder().setValue("Romance-Scam-Chat.example"))
                            .setKind(SightingKind.SIGHTING_KIND_SEEN)
                            .build());
            assertThat(report.getDelivered()).isFalse();

            my.restart();
            syncNow(th);
            syncNow(th);
            List<SightingSummary> seen = my.analyst()
                    .listSightings(ListSightingsRequest.newBuilder()
                            .setValue(LookupQuery.newBuilder().setValue("romance-scam-chat.example"))
                            .build())
                    .getSummariesList();
            assertThat(seen).singleElement().satisfies(s -> {
                assertThat(s.getReportingNode()).isEqualTo("TH-CCIB");
                assertThat(s.getSeen()).isEqualTo(1);
                assertThat(s.getFalsePositive()).isZero();
            });

            var second = th.analyst()
                    .reportSighting(ReportSightingRequest.newBuilder()
                            .setOriginNode("MY-PDRM")
                            .setValue(LookupQuery.newBuilder().setValue("romance-scam-chat.example"))
                            .setKind(SightingKind.SIGHTING_KIND_FALSE_POSITIVE)
                            .build());
            assertThat(second.getDelivered()).isTrue();
            assertThat(my.analyst()
                            .listSightings(ListSightingsRequest.newBuilder()
                                    .setValue(LookupQuery.newBuilder().setValue("romance-scam-chat.example"))
                                    .build())
                            .getSummaries(0)
                            .getFalsePositive())
                    .isEqualTo(1);
        }
    }

    @Test
    void syncedItemsAreNeverPassedOnToAThirdNode() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", SYNC_EVERY_HOUR);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", SYNC_EVERY_HOUR);
                RunningNode sg = new RunningNode(dir.resolve("sg"), "SG-SPF", SYNC_EVERY_HOUR)) {
            th.trust(my, "asean");
            my.trust(th, "asean");
            th.trust(sg, "asean");
            sg.trust(th, "asean");
            putCase(my, "MY-1", green());
            add(my, "MY-1", List.of("only-in-malaysia.example"));
            syncNow(th);
            assertThat(synced(th, "MY-PDRM", List.of("only-in-malaysia.example")))
                    .hasSize(1);

            var fromSg = sg.analyst()
                    .lookupFederated(FederatedLookupRequest.newBuilder()
                            .addQueries(LookupQuery.newBuilder().setValue("only-in-malaysia.example"))
                            .setPurpose(Purpose.newBuilder()
                                    .setCaseReference("SG-1")
                                    .setLegalBasis(LegalBasis.LEGAL_BASIS_RECIPROCITY))
                            .setDeadlineMillis(LOOKUP_DEADLINE_MILLIS)
                            .build());
            assertThat(fromSg.getPeers(0).getOutcome()).isEqualTo(org.jaring.v1.PeerOutcome.PEER_OUTCOME_ANSWERED);
            assertThat(fromSg.getResults(0).getHitsList())
                    .as("TH answers only from its own cases")
                    .isEmpty();
            syncNow(sg);
            assertThat(synced(sg, "TH-CCIB", List.of("only-in-malaysia.example")))
                    .isEmpty();
        }
    }
}
