package org.jaring.node.blind;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jaring.node.RunningNode;
import org.jaring.node.store.ColumnFamily;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupMode;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerStatus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/**
 * The asker's pin of a peer's key per epoch is kept in its store: a peer that answers with another key in the same
 * epoch is refused even after the asker restarted (it cannot swap its key by waiting for the restart).
 */
@Tag("slow") // two nodes, each restarted once
class BlindKeyPinRestartTest {
    @Test
    void aDifferentKeyInThePinnedEpochIsRefusedAfterTheAskerRestarts(@TempDir Path dir) throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB");
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM")) {
            th.trust(my, "asean");
            my.trust(th, "asean");
            my.holds("MY-1", BlindLookupTest.green(), IndicatorType.INDICATOR_TYPE_WALLET, BlindLookupTest.WALLET);
            FederatedLookupResponse first =
                    BlindLookupTest.ask(th, LookupMode.LOOKUP_MODE_BLIND, List.of("MY-PDRM"), BlindLookupTest.WALLET);
            assertThat(first.getResults(0).getHitsCount()).isEqualTo(1);

            th.restart();
            // MY's key changes within the epoch: its seed replaced (as a holder swapping keys would).
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(
                        my.node.store().handle(ColumnFamily.META),
                        "blind_key_seed".getBytes(StandardCharsets.UTF_8),
                        new byte[32]);
                my.node.store().writeSynced(batch);
            }
            my.restart();

            FederatedLookupResponse second =
                    BlindLookupTest.ask(th, LookupMode.LOOKUP_MODE_BLIND, List.of("MY-PDRM"), BlindLookupTest.WALLET);
            PeerStatus refused = BlindLookupTest.byPeer(second).get("MY-PDRM");
            assertThat(refused.getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
            assertThat(refused.getDetail()).contains("differs");
            assertThat(second.getResults(0).getHitsList()).isEmpty();
        }
    }
}
