package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A peer's blind lookup key may change only with the epoch. */
class BlindKeyPinsTest {
    @Test
    void aKeyChangeWithinAnEpochIsRefusedAndANewEpochMayBringANewKey() {
        BlindKeyPins pins = new BlindKeyPins();
        byte[] a = {2, 1, 2, 3};
        byte[] b = {3, 9, 9, 9};
        assertThat(pins.check("MY-PDRM", 7, a)).isNull();
        assertThat(pins.check("MY-PDRM", 7, a.clone())).isNull();
        assertThat(pins.check("MY-PDRM", 7, b)).contains("epoch 7").contains("differs");
        assertThat(pins.check("MY-PDRM", 8, b)).isNull();
        assertThat(pins.check("SG-SPF", 7, b)).isNull();
    }
}
