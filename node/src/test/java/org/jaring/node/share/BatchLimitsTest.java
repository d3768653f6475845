package org.jaring.node.share;

import static org.assertj.core.api.Assertions.assertThat;

import org.jaring.v1.FeedRequest;
import org.junit.jupiter.api.Test;

/** What a Feed request may ask of each batch: the origin's defaults for what it leaves out, and its cap. */
class BatchLimitsTest {
    @Test
    void aRequestThatNamesNothingGetsTheDefaults() {
        assertThat(FeedResponder.BatchLimits.of(FeedRequest.getDefaultInstance()))
                .isEqualTo(new FeedResponder.BatchLimits(5000, 3 << 20));
    }

    @Test
    void itemsAreCappedAndBytesTakenAsAsked() {
        FeedRequest request = FeedRequest.newBuilder()
                .setMaxItemsPerBatch(1_000_000)
                .setMaxItemBytesPerBatch(65_536)
                .build();
        assertThat(FeedResponder.BatchLimits.of(request)).isEqualTo(new FeedResponder.BatchLimits(10_000, 65_536));
        assertThat(FeedResponder.BatchLimits.of(
                                FeedRequest.newBuilder().setMaxItemsPerBatch(50).build())
                        .items())
                .isEqualTo(50);
    }

    /** Both fields are uint32: 2^31 and more are large numbers, not negative ones. */
    @Test
    void valuesAbove2To31AreReadUnsigned() {
        FeedRequest request = FeedRequest.newBuilder()
                .setMaxItemsPerBatch(-1)
                .setMaxItemBytesPerBatch(1 << 31)
                .build();
        assertThat(FeedResponder.BatchLimits.of(request))
                .isEqualTo(new FeedResponder.BatchLimits(10_000, Integer.MAX_VALUE));
    }
}
