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
 * One key per epoch, the same for every asker: the asker's tag from a blind evaluation equals the holder's index tag
 * for the same value and epoch, whoever asks, is derived again from the same seed after a restart, and changes with
 * the epoch.
 */
class BlindKeysTest {
    static final Duration WEEK = Duration.ofDays(7);

    static BlindKeys keys(byte[] seed, Instant now) {
        return new BlindKeys(seed, WEEK, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** The tag an asker derives through a blind evaluation by {@code key}. */
    static byte[] askerTag(BlindKeys.Key key, byte[] input, SecureRandom random) {
        VoprfClient blinder = new VoprfClient(key.server().publicKey());
        Blinded blinded = blinder.blind(List.of(input), random);
        BlindEvaluation evaluation = key.server().blindEvaluate(blinded.blindedElements(), random);
        byte[] output = new VoprfClient(key.server().publicKey())
                .finalize(blinded, evaluation)
                .get(0);
        return BlindTags.tag(key.epoch(), output);
    }

    @Test
    void aTagMatchesTheIndexForItsEpochOnlyAndSurvivesARestartAndARotation() {
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
        assertThat(now.start(epoch + 1)).isEqualTo(Instant.ofEpochMilli((epoch + 1) * WEEK.toMillis()));

        for (int i = 0; i < 20; i++) {
            byte[] input = ("INDICATOR_TYPE_PHONE\0+66" + (800000000 + seeded.nextInt(99999999)))
                    .getBytes(StandardCharsets.UTF_8);
            BlindKeys.Key key = now.key(epoch);
            byte[] tag = askerTag(key, input, random);
            // The holder's index tag, made without any client, is the asker's (every asker's).
            assertThat(tag).isEqualTo(BlindTags.tag(epoch, key.server().evaluate(input)));
            // Derived again after a restart (same seed) or a rotation: the same key for the same epoch.
            assertThat(keys(seed, t0).key(epoch).server().publicKey())
                    .isEqualTo(key.server().publicKey());
            assertThat(nextWeek.key(epoch).server().publicKey())
                    .isEqualTo(key.server().publicKey());
            // The next epoch's key gives another tag; so does another seed (another holder).
            BlindKeys.Key next = nextWeek.key(epoch + 1);
            assertThat(next.server().publicKey()).isNotEqualTo(key.server().publicKey());
            assertThat(askerTag(next, input, random))
                    .isEqualTo(BlindTags.tag(epoch + 1, next.server().evaluate(input)))
                    .isNotEqualTo(tag);
            byte[] otherSeed = seed.clone();
            otherSeed[0] ^= 1;
            assertThat(BlindTags.tag(
                            epoch, keys(otherSeed, t0).key(epoch).server().evaluate(input)))
                    .isNotEqualTo(tag);
        }
    }
}
