package org.jaring.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
import org.jaring.v1.PeersStatusRequest;
import org.jaring.v1.Purpose;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.ReportSightingRequest;
import org.jaring.v1.SightingKind;
import org.jaring.v1.SightingSummary;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.Tlp;
import org.jaring.v1.WithdrawIndicatorRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feed sync, the peer cache, correlation, warninglists and sightings between real nodes over mutual TLS. */
class FeedSyncTest {
    private static final String SYNC_EVERY_HOUR = "sync: {interval: 1h, batch_items: 50}\n";

    @TempDir
    Path dir;

    private static Handling green() {
        return Handling.newBuilder().setTlp(Tlp.TLP_GREEN).build();
    }

    private static void putCase(RunningNode node, String caseId, Handling handling) {
        node.analyst().putCase(PutCaseRequest.newBuilder().setCase(Case.newBuilder().setCaseId(caseId)
                .addOffences(Offence.OFFENCE_FRAUD).setDefaultHandling(handling)).build());
    }

    private static void add(RunningNode node, String caseId, List<String> domains) {
        for (int from = 0; from < domains.size(); from += 1000) {
            AddIndicatorsRequest.Builder r = AddIndicatorsRequest.newBuilder().setCaseId(caseId);
            for (String d : domains.subList(from, Math.min(domains.size(), from + 1000))) {
                r.addIndicators(Indicator.newBuilder().setType(IndicatorType.INDICATOR_TYPE_DOMAIN).setValue(d));
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
                r.addQueries(LookupQuery.newBuilder().setType(IndicatorType.INDICATOR_TYPE_DOMAIN).setValue(v));
            }
            for (LookupLocalResult res : node.analyst().lookupLocal(r.build()).getResultsList()) {
                long n = res.getSyncedList().stream().filter(h -> h.getOriginNode().equals(origin)).count();
                assertThat(n).as("one synced item per value, never a duplicate: %s", res.getCanonicalValue()).isLessThanOrEqualTo(1);
                if (n == 1) {
                    out.add(res.getCanonicalValue());
                }
            }
        }
        return out;
    }

    private static void syncNow(RunningNode node) {
        node.admin().syncNow(SyncNowRequest.getDefaultInstance());
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
            putCase(my, "MY-LATER", Handling.newBuilder().setTlp(Tlp.TLP_AMBER).setAudience(Audience.newBuilder().addGroups("asean")).build());
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
            Hit one = th.analyst().lookupLocal(LookupLocalRequest.newBuilder().addQueries(LookupQuery.newBuilder()
                    .setValue(shared.get(0))).build()).getResults(0).getSynced(0);
            assertThat(one.getCaseHandle()).startsWith("MY-PDRM:");
            assertThat(one.getContact().getEmail()).isEqualTo("cc247@my-pdrm.example");

            // One withdrawal, one narrowed case (now only for SG): both leave TH in the next round.
            my.analyst().withdrawIndicator(WithdrawIndicatorRequest.newBuilder().setCaseId("MY-GREEN")
                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN).setValue(shared.get(7)).build());
            putCase(my, "MY-LATER", Handling.newBuilder().setTlp(Tlp.TLP_AMBER).setAudience(Audience.newBuilder().addNodes("SG-SPF")).build());
            syncNow(th);
            expected.remove(shared.get(7));
            expected.removeAll(later);
            assertThat(synced(th, "MY-PDRM", all)).isEqualTo(expected);
            var status = th.admin().peersStatus(PeersStatusRequest.getDefaultInstance()).getPeers(0);
            assertThat(status.getSyncCursor()).as("caught up; the cursor is opaque").isEqualTo(status.getSyncHead()).isNotZero();
        }
    }

    @Test
    void eitherSideStoppedMidSyncLosesAndDuplicatesNothing() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", SYNC_EVERY_HOUR);
             RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", SYNC_EVERY_HOUR)) {
            th.trust(my, "asean");
            my.trust(th, "asean");
            List<String> values = domains("bulk", 8000);
            putCase(my, "MY-BULK", green());
            add(my, "MY-BULK", values);

            // The receiver stops in the middle of a sync (batches of 50), then starts again and resumes.
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    syncNow(th);
                } catch (RuntimeException expectedWhenStopped) {
                    // the node went away under the call
                }
            });
            Thread.sleep(300);
            th.stop();
            running.exceptionally(t -> null).get();
            th.restart();
            syncNow(th);
            assertThat(synced(th, "MY-PDRM", values)).hasSize(values.size());

            // The origin stops in the middle of a sync of new items, then comes back on the same address.
            List<String> more = domains("more", 4000);
            add(my, "MY-BULK", more);
            CompletableFuture<Void> again = CompletableFuture.runAsync(() -> {
                try {
                    syncNow(th);
                } catch (RuntimeException ignored) {
                    // partial
                }
            });
            Thread.sleep(200);
            my.stop();
            again.exceptionally(t -> null).get();
            my.restart();
            syncNow(th);
            List<String> everything = new ArrayList<>(values);
            everything.addAll(more);
            assertThat(synced(th, "MY-PDRM", everything)).hasSize(everything.size());
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
                n.analyst().addIndicators(AddIndicatorsRequest.newBuilder().setCaseId(n == th ? "TH-1" : "MY-1")
                        .addIndicators(Indicator.newBuilder().setType(IndicatorType.INDICATOR_TYPE_DOMAIN).setValue("mule-bank-login.example"))
                        .addIndicators(Indicator.newBuilder().setType(IndicatorType.INDICATOR_TYPE_IPV4).setValue("8.8.8.8"))
                        .addIndicators(Indicator.newBuilder().setType(IndicatorType.INDICATOR_TYPE_SHA256)
                                .setValue("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).build());
            }
            syncNow(th);
            syncNow(my);
            List<Alert> atTh = th.analyst().listAlerts(ListAlertsRequest.getDefaultInstance()).getAlertsList();
            List<Alert> atMy = my.analyst().listAlerts(ListAlertsRequest.getDefaultInstance()).getAlertsList();
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
            assertThat(th.analyst().listAlerts(ListAlertsRequest.getDefaultInstance()).getAlertsList()).hasSize(1);
            // Warninglisted values are flagged in answers.
            var answer = th.analyst().lookupFederated(FederatedLookupRequest.newBuilder()
                    .addQueries(LookupQuery.newBuilder().setValue("8.8.8.8"))
                    .addQueries(LookupQuery.newBuilder().setValue("mule-bank-login.example"))
                    .setPurpose(Purpose.newBuilder().setCaseReference("TH-1").setLegalBasis(LegalBasis.LEGAL_BASIS_RECIPROCITY)).build());
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
            var report = th.analyst().reportSighting(ReportSightingRequest.newBuilder().setOriginNode("MY-PDRM")
                    .setValue(LookupQuery.newBuilder().setValue("Romance-Scam-Chat.example")).setKind(SightingKind.SIGHTING_KIND_SEEN).build());
            assertThat(report.getDelivered()).isFalse();

            my.restart();
            syncNow(th);
            syncNow(th);
            List<SightingSummary> seen = my.analyst().listSightings(ListSightingsRequest.newBuilder()
                    .setValue(LookupQuery.newBuilder().setValue("romance-scam-chat.example")).build()).getSummariesList();
            assertThat(seen).singleElement().satisfies(s -> {
                assertThat(s.getReportingNode()).isEqualTo("TH-CCIB");
                assertThat(s.getSeen()).isEqualTo(1);
                assertThat(s.getFalsePositive()).isZero();
            });

            var second = th.analyst().reportSighting(ReportSightingRequest.newBuilder().setOriginNode("MY-PDRM")
                    .setValue(LookupQuery.newBuilder().setValue("romance-scam-chat.example"))
                    .setKind(SightingKind.SIGHTING_KIND_FALSE_POSITIVE).build());
            assertThat(second.getDelivered()).isTrue();
            assertThat(my.analyst().listSightings(ListSightingsRequest.newBuilder()
                    .setValue(LookupQuery.newBuilder().setValue("romance-scam-chat.example")).build()).getSummaries(0).getFalsePositive())
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
            assertThat(synced(th, "MY-PDRM", List.of("only-in-malaysia.example"))).hasSize(1);

            var fromSg = sg.analyst().lookupFederated(FederatedLookupRequest.newBuilder()
                    .addQueries(LookupQuery.newBuilder().setValue("only-in-malaysia.example"))
                    .setPurpose(Purpose.newBuilder().setCaseReference("SG-1").setLegalBasis(LegalBasis.LEGAL_BASIS_RECIPROCITY)).build());
            assertThat(fromSg.getResults(0).getHitsList()).as("TH answers only from its own cases").isEmpty();
            syncNow(sg);
            assertThat(synced(sg, "TH-CCIB", List.of("only-in-malaysia.example"))).isEmpty();
        }
    }
}
