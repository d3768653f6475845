package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import org.jaring.v1.PeerHealth;
import org.junit.jupiter.api.Test;

/** The peer status keeps when its last error happened, so that an old error beside READY is recognisable. */
class PeerHealthRecorderTest {
    @Test
    void theLastErrorCarriesItsTimeAndALaterSuccessIsLaterStill() throws Exception {
        PeerHealthRecorder recorder = new PeerHealthRecorder("MY-PDRM");
        assertThat(recorder.snapshot().hasLastErrorAt()).isFalse();

        long before = System.currentTimeMillis();
        recorder.record(Status.UNAVAILABLE.withDescription("Connection refused"), null);
        long after = System.currentTimeMillis();
        PeerHealth failed = recorder.snapshot().build();
        assertThat(failed.getLastError()).isEqualTo("UNAVAILABLE: Connection refused");
        assertThat(Timestamps.toMillis(failed.getLastErrorAt())).isBetween(before, after);

        recorder.record(Status.OK, null);
        PeerHealth recovered = recorder.snapshot().build();
        assertThat(recovered.getLastError()).isEqualTo("UNAVAILABLE: Connection refused");
        assertThat(recovered.getLastErrorAt()).isEqualTo(failed.getLastErrorAt());
        assertThat(Timestamps.toMillis(recovered.getLastSuccess()))
                .isGreaterThanOrEqualTo(Timestamps.toMillis(recovered.getLastErrorAt()));
    }
}
