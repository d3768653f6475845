package org.jaring.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.junit.jupiter.api.Test;

/**
 * Batches of an import are cut by bytes as well as by count: a LoadIndicators message above the node's 4 MiB
 * (limits.max_message_bytes) is refused by its transport and ends the stream, which counting indicators alone
 * allowed (5,000 indicators with 2,000-character Thai notes are a 30 MB message).
 */
class SegmentBatchesTest {
    private static ValidItem item(int i, String note) {
        return new ValidItem(
                new ImportItem("line " + (i + 2)),
                Indicator.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                        .setValue("host-" + i + ".example")
                        .setNote(note)
                        .build());
    }

    @Test
    void seededItemsOfAnySizeAreCutIntoBatchesWellUnderTheMessageLimitInTheirOrder() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            int batchSize = 1 + random.nextInt(5000);
            List<ValidItem> items = new ArrayList<>();
            int n = random.nextInt(6000);
            for (int i = 0; i < n; i++) {
                // up to 2,000 characters (the node's limit), Thai (3 bytes each in UTF-8) or ASCII
                String unit = random.nextBoolean() ? "ก" : "x";
                items.add(item(i, unit.repeat(random.nextInt(2001))));
            }
            List<List<ValidItem>> batches = SegmentUpload.batches(items, batchSize);
            List<ValidItem> joined = new ArrayList<>();
            for (List<ValidItem> batch : batches) {
                assertThat(batch).as("seed %d", seed).isNotEmpty().hasSizeLessThanOrEqualTo(batchSize);
                AddIndicatorsRequest.Builder message =
                        AddIndicatorsRequest.newBuilder().setCaseId("TH-2026-0042");
                batch.forEach(v -> message.addIndicators(v.indicator()));
                assertThat(message.build().getSerializedSize())
                        .as("seed %d", seed)
                        .isLessThanOrEqualTo(SegmentUpload.MAX_BATCH_BYTES + 64)
                        .isLessThan(4 << 20);
                joined.addAll(batch);
            }
            assertThat(joined).as("seed %d", seed).isEqualTo(items);
        }
    }

    @Test
    void fiveThousandLongThaiNotesNoLongerMakeOneMessage() {
        List<ValidItem> items = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            items.add(item(i, "ก".repeat(2000)));
        }
        List<List<ValidItem>> batches = SegmentUpload.batches(items, 5000);
        assertThat(batches.size()).isGreaterThan(25);
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(5000);
    }
}
