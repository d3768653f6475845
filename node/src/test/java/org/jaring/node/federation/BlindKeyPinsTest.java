package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jaring.core.config.StoreSettings;
import org.jaring.node.store.RocksStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A peer's blind lookup key may change only with the epoch, and the pin outlives a restart of the asker. */
class BlindKeyPinsTest {
    @Test
    void aKeyChangeWithinAnEpochIsRefusedAndANewEpochMayBringANewKey(@TempDir Path dir) {
        byte[] a = {2, 1, 2, 3};
        byte[] b = {3, 9, 9, 9};
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            BlindKeyPins pins = new BlindKeyPins(store);
            assertThat(pins.check("MY-PDRM", 7, a)).isNull();
            assertThat(pins.check("MY-PDRM", 7, a.clone())).isNull();
            assertThat(pins.check("MY-PDRM", 7, b)).contains("epoch 7").contains("differs");
            assertThat(pins.check("MY-PDRM", 8, b)).isNull();
            assertThat(pins.check("SG-SPF", 7, b)).isNull();
        }
        // Reopened on the same folder, as after a restart: the pins hold.
        try (RocksStore store = RocksStore.open(dir, "TH-CCIB", StoreSettings.defaults())) {
            BlindKeyPins pins = new BlindKeyPins(store);
            assertThat(pins.check("MY-PDRM", 7, b)).contains("differs");
            assertThat(pins.check("MY-PDRM", 8, b)).isNull();
            assertThat(pins.check("SG-SPF", 7, a)).contains("differs");
            // Pins of epochs long past are dropped as the peer moves on; a peer's own only.
            assertThat(pins.check("MY-PDRM", 20, a)).isNull();
            assertThat(pins.check("MY-PDRM", 7, a)).isNull();
            assertThat(pins.check("SG-SPF", 7, a)).contains("differs");
        }
    }
}
