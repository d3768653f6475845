package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sync now, alerts, sighting report/list and the sync columns of peers status, against two real nodes. */
class SyncCommandsTest {
    @TempDir
    Path dir;

    @Test
    void syncRaisesAlertsAndSightingsReachTheOrigin() throws Exception {
        try (CliNode th = CliNode.init(dir.resolve("th"), "TH-CCIB").start();
                CliNode my = CliNode.init(dir.resolve("my"), "MY-PDRM").start()) {
            th.pin(my, dir);
            my.pin(th, dir);
            th.holds("TH-7", "fake-investment-app.example");
            my.holds("MY-9", "fake-investment-app.example");

            CliNode.Run sync = th.cli("sync", "now").ok();
            assertThat(sync.out()).containsPattern("MY-PDRM +1 +\\d+ +-").contains("0 waiting sighting(s) delivered.");
            assertThat(th.cli("alerts").ok().out())
                    .containsPattern("TH-7 +domain +fake-investment-app\\.example +MY-PDRM +MY-PDRM:");
            assertThat(th.cli("peers", "status").ok().out())
                    .contains("SYNC LAG")
                    .contains("up to date");

            CliNode.Run report = th.cli(
                            "sighting", "report", "FAKE-investment-app.example", "--origin", "MY-PDRM", "--seen")
                    .ok();
            assertThat(report.out()).contains("delivered to MY-PDRM");
            assertThat(my.cli("sighting", "list", "fake-investment-app.example")
                            .ok()
                            .out())
                    .containsPattern("fake-investment-app\\.example +TH-CCIB +1 +0");

            CliNode.Run notPeer = th.cli("sighting", "report", "x.example", "--origin", "VN-A05", "--seen");
            assertThat(notPeer.exit()).isEqualTo(1);
            assertThat(notPeer.err()).contains("'VN-A05' is not a trusted peer");
        }
    }
}
