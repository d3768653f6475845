package org.jaring.node.share.blind;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.jaring.core.oprf.BlindEvaluation;
import org.jaring.core.oprf.Blinded;
import org.jaring.core.oprf.VoprfClient;
import org.junit.jupiter.api.Test;

/**
 * Keys per asker and epoch: what colluding askers could pool, and that a rotation keeps tags derivable. The asker's
 * tag from a blind evaluation equals the holder's index tag for the same value, asker and epoch, and for no other.
 */
class BlindKeysTest {
    static final Duration WEEK = Duration.ofDays(7);

    static BlindKeys keys(byte[] seed, Instant now) {
        return new BlindKeys(seed, WEEK, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** The tag an asker derives through a blind evaluation by {@code key}. */
    static byte[] askerTag(String asker, BlindKeys.Key key, byte[] input, SecureRandom random) {
        VoprfClient blinder = new VoprfClient(key.server().publicKey());
        Blinded blinded = blinder.blind(List.of(input), random);
        BlindEvaluation evaluation = key.server().blindEvaluate(blinded.blindedElements(), random);
        byte[] output = new VoprfClient(key.server().publicKey())
                .finalize(blinded, evaluation)
                .get(0);
        return BlindTags.tag(asker, key.epoch(), output);
    }

    @Test
    void aTagMatchesOnlyForItsOwnAskerAndEpochAndSurvivesARotation() {
        Random seeded = new Random(28);
        byte[] seed = new byte[32];
        seeded.nextBytes(seed);
        SecureRandom random = new SecureRandom();
        Instant t0 = Instant.parse("2026-12-07T12:00:00Z");
        BlindKeys now = keys(seed, t0);
        BlindKeys nextWeek = keys(seed, t0.plus(WEEK));
        long epoch = now.currentEpoch();
        assertThat(nextWeek.currentEpoch()).isEqualTo(epoch + 1);
        assertThat(nextWeek.accepts(epoch)).isTrue();
        assertThat(nextWeek.accepts(epoch - 1)).isFalse();

        for (int i = 0; i < 20; i++) {
            byte[] input = ("INDICATOR_TYPE_PHONE\0+66" + (800000000 + seeded.nextInt(99999999)))
                    .getBytes(StandardCharsets.UTF_8);
            BlindKeys.Key th = now.key("TH-CCIB", epoch);
            byte[] tag = askerTag("TH-CCIB", th, input, random);
            // The holder's index tag, made without any client, is the asker's.
            assertThat(tag)
                    .isEqualTo(BlindTags.tag("TH-CCIB", epoch, th.server().evaluate(input)));
            // Derived again after a restart (same seed) or a rotation: the same key for the same epoch.
            assertThat(nextWeek.key("TH-CCIB", epoch).server().publicKey())
                    .isEqualTo(th.server().publicKey());
            // Another asker's key, or the next epoch's, gives a tag that matches nothing of TH's index.
            BlindKeys.Key vn = now.key("VN-A05", epoch);
            assertThat(vn.server().publicKey()).isNotEqualTo(th.server().publicKey());
            assertThat(BlindTags.tag("TH-CCIB", epoch, vn.server().evaluate(input)))
                    .isNotEqualTo(tag);
            assertThat(BlindTags.tag("VN-A05", epoch, th.server().evaluate(input)))
                    .isNotEqualTo(tag);
            BlindKeys.Key next = nextWeek.key("TH-CCIB", epoch + 1);
            assertThat(askerTag("TH-CCIB", next, input, random))
                    .isEqualTo(BlindTags.tag("TH-CCIB", epoch + 1, next.server().evaluate(input)))
                    .isNotEqualTo(tag);
        }
    }
}
