package org.jaring.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jaring.node.RunningNode;
import org.jaring.node.audit.ExchangeEvidence;
import org.jaring.node.store.ColumnFamily;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.Case;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.SealedAuditRecord;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.SyncResult;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feed batch is bounded by the receiver's message limit as well as by its item count: long values make more,
 * smaller batches, never one that the receiver refuses on every round.
 */
class FeedBatchBytesTest {
    private static final int LIMIT = 64 << 10;
    private static final int URLS = 300;

    @TempDir
    Path dir;

    @Test
    void longValuesArriveInBatchesThatFitTheReceiversMessageLimit() throws Exception {
        String small = "limits: {max_message_bytes: " + LIMIT + "}\nsync: {interval: 1h, batch_items: 5000}\n";
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", small);
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", "sync: {interval: 1h}\n")) {
            th.trust(my, "asean");
            my.trust(th, "asean");
            my.analyst()
                    .putCase(PutCaseRequest.newBuilder()
                            .setCase(Case.newBuilder()
                                    .setCaseId("MY-URLS")
                                    .addOffences(Offence.OFFENCE_FRAUD)
                                    .setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN)))
                            .build());
            // 300 URLs of about 2,000 characters: some 600 KB, ten times the receiver's limit, in 300 items.
            List<String> urls = new ArrayList<>();
            AddIndicatorsRequest.Builder add = AddIndicatorsRequest.newBuilder().setCaseId("MY-URLS");
            for (int i = 0; i < URLS; i++) {
                String url = "https://phish-" + i + ".example/login?next=" + "a".repeat(1950) + i;
                urls.add(url);
                add.addIndicators(Indicator.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_URL)
                        .setValue(url));
            }
            assertThat(my.analyst().addIndicators(add.build()).getStored()).isEqualTo(URLS);

            SyncResult result =
                    th.admin().syncNow(SyncNowRequest.getDefaultInstance()).getPeers(0);

            assertThat(result.getError()).isEmpty();
            assertThat(result.getApplied()).isEqualTo(URLS);
            for (int from = 0; from < URLS; from += 20) { // the receiver's limit holds for its analysts too
                LookupLocalRequest.Builder lookup = LookupLocalRequest.newBuilder();
                urls.subList(from, from + 20)
                        .forEach(u -> lookup.addQueries(LookupQuery.newBuilder()
                                .setType(IndicatorType.INDICATOR_TYPE_URL)
                                .setValue(u)));
                assertThat(th.analyst().lookupLocal(lookup.build()).getResultsList())
                        .allSatisfy(r -> assertThat(r.getSyncedList()).hasSize(1));
            }
            List<FeedBatch> batches = receivedBatches(th);
            assertThat(batches.size())
                    .as("batches of at most the limit, not one of 600 KB")
                    .isGreaterThan(URLS / 20);
            assertThat(batches)
                    .allSatisfy(b -> assertThat(b.getSerializedSize()).isLessThanOrEqualTo(LIMIT));
            assertThat(batches.stream().mapToInt(FeedBatch::getItemsCount).sum())
                    .isEqualTo(URLS);
            for (int n = 1; n < batches.size(); n++) {
                assertThat(batches.get(n).getAfterSequence())
                        .isEqualTo(batches.get(n - 1).getThroughSequence());
            }
        }
    }

    /** The feed batches the receiver kept as evidence, in the order received. */
    private static List<FeedBatch> receivedBatches(RunningNode node) throws Exception {
        List<FeedBatch> out = new ArrayList<>();
        try (var it = node.node.store().newIterator(ColumnFamily.AUDIT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                AuditRecord rec = AuditRecord.parseFrom(
                        SealedAuditRecord.parseFrom(it.value()).getRecord());
                if (rec.getKind() == AuditKind.AUDIT_KIND_SYNC) {
                    byte[] deflated = rec.getDetailsList().stream()
                            .filter(d -> d.getKey().equals(ExchangeEvidence.BATCH_DETAIL))
                            .findFirst()
                            .orElseThrow()
                            .getData()
                            .toByteArray();
                    out.add(FeedBatch.parseFrom(ExchangeEvidence.inflate(deflated)));
                }
            }
        }
        return out;
    }
}
