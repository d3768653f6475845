package org.jaring.cli.peers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import org.jaring.v1.PeerHealth;
import org.junit.jupiter.api.Test;

/** 'peers status' shows when the last error happened and whether the peer answered since. */
class PeersStatusLastErrorTest {
    private static final long ERROR_AT = 1_796_000_000_000L;

    @Test
    void anErrorFollowedBySuccessReadsAsRecovered() {
        PeerHealth stale = PeerHealth.newBuilder()
                .setConnectivity("READY")
                .setLastError("UNAVAILABLE: Connection refused")
                .setLastErrorAt(Timestamps.fromMillis(ERROR_AT))
                .setLastSuccess(Timestamps.fromMillis(ERROR_AT + 60_000))
                .build();
        assertThat(PeersStatusCommand.lastError(stale))
                .matches(
                        "\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}.* UNAVAILABLE: Connection refused \\(since recovered\\)");
    }

    @Test
    void aCurrentErrorHasItsTimeAndNoRecovery() {
        PeerHealth failing = PeerHealth.newBuilder()
                .setLastError("UNAVAILABLE: Connection refused")
                .setLastErrorAt(Timestamps.fromMillis(ERROR_AT))
                .setLastSuccess(Timestamps.fromMillis(ERROR_AT - 60_000))
                .build();
        assertThat(PeersStatusCommand.lastError(failing))
                .endsWith(" UNAVAILABLE: Connection refused")
                .doesNotContain("recovered");
        assertThat(PeersStatusCommand.lastError(PeerHealth.getDefaultInstance()))
                .isEqualTo("-");
    }
}
