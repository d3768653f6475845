package org.jaring.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jaring.node.RunningNode;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Audience;
import org.jaring.v1.Case;
import org.jaring.v1.Disclosure;
import org.jaring.v1.ExportSharedRequest;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.Handling;
import org.jaring.v1.Hit;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.ListDisclosuresRequest;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupLocalResult;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.Offence;
import org.jaring.v1.Purpose;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Sharing;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confirm-only sharing between three real nodes over mutual TLS: TH-CCIB holds an AMBER record for MY-PDRM that is
 * confirm-only, next to a published one. MY-PDRM gets the confirm-only record when it looks the value up (and TH
 * records the disclosure), never through feed sync or in the export TH's admin makes for it; ID-POLRI, outside the
 * audience, gets nothing either way. Flipping a record between the two kinds takes it out of the feed and back.
 */
class ConfirmOnlySharingTest {
    private static final String QUIET = "sync: {interval: 1h}\n";
    private static final String CONFIRM = "confirm-only-mule.example";
    private static final String PUBLISHED = "published-mule.example";
    /** Far above the few milliseconds a peer takes to answer here: every peer answers, and the lookup returns then. */
    private static final int LOOKUP_DEADLINE_MILLIS = 30_000;

    @TempDir
    Path dir;

    private static Handling amberForMy(Sharing sharing) {
        return Handling.newBuilder()
                .setTlp(Tlp.TLP_AMBER)
                .setAudience(Audience.newBuilder().addNodes("MY-PDRM"))
                .setSharing(sharing)
                .build();
    }

    private static void put(RunningNode node, String value, Handling handling) {
        node.analyst()
                .addIndicators(AddIndicatorsRequest.newBuilder()
                        .setCaseId("TH-MULES")
                        .addIndicators(Indicator.newBuilder()
                                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                .setValue(value)
                                .setConfidence(90)
                                .setHandling(handling))
                        .build());
    }

    /** The values of {@code candidates} that {@code node} holds synced from TH-CCIB, after a sync round. */
    private static Set<String> syncedFromTh(RunningNode node, String... candidates) {
        node.admin().syncNow(SyncNowRequest.getDefaultInstance());
        LookupLocalRequest.Builder r = LookupLocalRequest.newBuilder();
        for (String v : candidates) {
            r.addQueries(LookupQuery.newBuilder()
                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                    .setValue(v));
        }
        Set<String> out = new HashSet<>();
        for (LookupLocalResult res : node.analyst().lookupLocal(r.build()).getResultsList()) {
            if (res.getSyncedList().stream().anyMatch(h -> h.getOriginNode().equals("TH-CCIB"))) {
                out.add(res.getCanonicalValue());
            }
        }
        return out;
    }

    /** The values in the export TH-CCIB's admin makes of what {@code peer} may see. */
    private static List<String> exportFor(RunningNode th, String peer) {
        var admin = NationalServiceGrpc.newBlockingStub(th.channel(th.node.nationalPort(), "admin"));
        List<String> out = new ArrayList<>();
        admin.exportShared(ExportSharedRequest.newBuilder().setPeerNodeId(peer).build())
                .forEachRemaining(h -> out.add(h.getValue()));
        return out;
    }

    /** TH-CCIB's hits for {@code value} in a federated lookup by {@code asker}. */
    private static List<Hit> lookupAtTh(RunningNode asker, String value) {
        FederatedLookupResponse answer = asker.analyst()
                .lookupFederated(FederatedLookupRequest.newBuilder()
                        .addQueries(LookupQuery.newBuilder().setValue(value))
                        .setPurpose(Purpose.newBuilder()
                                .setCaseReference("REF-1")
                                .setLegalBasis(LegalBasis.LEGAL_BASIS_ASEAN_MLAT))
                        .setDeadlineMillis(LOOKUP_DEADLINE_MILLIS)
                        .build());
        return answer.getResults(0).getHitsList().stream()
                .filter(h -> h.getOriginNode().equals("TH-CCIB"))
                .toList();
    }

    private static List<Disclosure> disclosuresAtTh(RunningNode th, String value) {
        return th.analyst()
                .listDisclosures(ListDisclosuresRequest.newBuilder()
                        .setValue(LookupQuery.newBuilder()
                                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                .setValue(value))
                        .build())
                .getDisclosuresList();
    }

    @Test
    void aConfirmOnlyAmberRecordIsAnsweredToItsAudienceOnLookupAndNeverSyncedOrExported() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", QUIET);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", QUIET);
                RunningNode id = new RunningNode(dir.resolve("id"), "ID-POLRI", QUIET)) {
            for (RunningNode a : List.of(th, my, id)) {
                for (RunningNode b : List.of(th, my, id)) {
                    if (a != b) {
                        a.trust(b, "asean");
                    }
                }
            }
            th.analyst()
                    .putCase(PutCaseRequest.newBuilder()
                            .setCase(Case.newBuilder()
                                    .setCaseId("TH-MULES")
                                    .addOffences(Offence.OFFENCE_FRAUD)
                                    .setDefaultHandling(amberForMy(Sharing.SHARING_CONFIRM_ONLY)))
                            .build());
            put(th, CONFIRM, amberForMy(Sharing.SHARING_CONFIRM_ONLY));
            put(th, PUBLISHED, amberForMy(Sharing.SHARING_PUBLISHED));

            // Bulk: only the published record, in sync and in the export; nothing at all for ID-POLRI.
            assertThat(syncedFromTh(my, CONFIRM, PUBLISHED)).containsExactly(PUBLISHED);
            assertThat(exportFor(th, "MY-PDRM")).containsExactly(PUBLISHED);
            assertThat(syncedFromTh(id, CONFIRM, PUBLISHED)).isEmpty();
            assertThat(exportFor(th, "ID-POLRI")).isEmpty();

            // A question: MY-PDRM gets the confirm-only record, as it is, and TH records that it told MY-PDRM.
            assertThat(lookupAtTh(my, CONFIRM)).singleElement().satisfies(h -> {
                assertThat(h.getValue()).isEqualTo(CONFIRM);
                assertThat(h.getTlp()).isEqualTo(Tlp.TLP_AMBER);
                assertThat(h.getConfidence()).isEqualTo(90);
            });
            assertThat(disclosuresAtTh(th, CONFIRM)).singleElement().satisfies(d -> {
                assertThat(d.getAskingNode()).isEqualTo("MY-PDRM");
                assertThat(d.getDisclosedHits()).isEqualTo(1);
            });
            // ID-POLRI, outside the audience, asks the same: nothing, and TH records that it disclosed nothing.
            assertThat(lookupAtTh(id, CONFIRM)).isEmpty();
            assertThat(disclosuresAtTh(th, CONFIRM))
                    .filteredOn(d -> d.getAskingNode().equals("ID-POLRI"))
                    .singleElement()
                    .satisfies(d -> assertThat(d.getDisclosedHits()).isZero());
            // The lookup did not put the value into MY-PDRM's synced data either.
            assertThat(syncedFromTh(my, CONFIRM, PUBLISHED)).containsExactly(PUBLISHED);

            // Published made confirm-only: MY-PDRM's synced copy is dropped at its next sync; lookup still answers.
            put(th, PUBLISHED, amberForMy(Sharing.SHARING_CONFIRM_ONLY));
            assertThat(syncedFromTh(my, CONFIRM, PUBLISHED)).isEmpty();
            assertThat(exportFor(th, "MY-PDRM")).isEmpty();
            assertThat(lookupAtTh(my, PUBLISHED)).hasSize(1);

            // Confirm-only made published, here by the case default its record inherits: it arrives by sync.
            put(th, CONFIRM, amberForMy(Sharing.SHARING_UNSPECIFIED));
            assertThat(syncedFromTh(my, CONFIRM, PUBLISHED)).isEmpty();
            th.analyst()
                    .putCase(PutCaseRequest.newBuilder()
                            .setCase(Case.newBuilder()
                                    .setCaseId("TH-MULES")
                                    .addOffences(Offence.OFFENCE_FRAUD)
                                    .setDefaultHandling(amberForMy(Sharing.SHARING_PUBLISHED)))
                            .build());
            assertThat(syncedFromTh(my, CONFIRM, PUBLISHED)).containsExactly(CONFIRM);
            assertThat(exportFor(th, "MY-PDRM")).containsExactly(CONFIRM);
            assertThat(syncedFromTh(id, CONFIRM, PUBLISHED)).isEmpty();
        }
    }
}
