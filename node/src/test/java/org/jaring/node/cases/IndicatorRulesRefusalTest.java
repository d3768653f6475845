package org.jaring.node.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Random;
import org.jaring.core.failure.InvalidInputException;
import org.jaring.core.failure.Violations;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.v1.IndicatorType;
import org.junit.jupiter.api.Test;

/**
 * Every value the canonical rules refuse reaches the client as a violation that names the field that holds it
 * and the reason, whatever the value: seeded, over spellings of every type with hostile code points put in.
 */
class IndicatorRulesRefusalTest {
    private static final Canonicalizer TH = new Canonicalizer("TH");
    private static final String[] SEEDS = {
        "evil.com",
        "http://evil.com\\@good.com/x",
        "alice@example.com",
        "10.1.2.3/8",
        "1.2.3.4",
        "2001:db8::1",
        "GB82 WEST 1234 5698 7654 32",
        "+66 81 234 5678",
        "TH:004:1234567890",
        "NEO:AK2nJJpJr6o664CWJKi1QRXjqeic2zRp8y",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "telegram:scam",
        "evil.exe",
        "faß.de"
    };
    private static final String[] HOSTILE = {
        "\u200b", "\u202e", "\ufe0f", "\ud82f\udca0", "\udb40\udc41", "\ud800", "\u0000", " ", "%", "..", "@", ":", "/"
    };

    @Test
    void everyRefusalNamesTheFieldAndTheReason() {
        Random random = new Random(20261207L);
        IndicatorType[] types = IndicatorType.values();
        int refused = 0;
        for (int n = 0; n < 5000; n++) {
            IndicatorType type = types[random.nextInt(types.length - 1)]; // UNRECOGNIZED is last
            String seed = SEEDS[random.nextInt(SEEDS.length)];
            int at = random.nextInt(seed.length() + 1);
            String raw = random.nextBoolean()
                    ? seed.substring(0, at) + HOSTILE[random.nextInt(HOSTILE.length)] + seed.substring(at)
                    : seed;
            Violations violations = new Violations();
            CanonicalValue value =
                    IndicatorRules.canonicalAt(TH, "indicators", n, type, type.getNumber(), raw, violations);
            if (value != null) {
                assertThat(violations.isEmpty()).isTrue();
                continue;
            }
            refused++;
            InvalidInputException e = catchThrowableOfType(InvalidInputException.class, violations::throwIfAny);
            assertThat(e).as("refusal of %s as %s", raw, type).isNotNull();
            String field = "indicators[" + n + "].value";
            assertThat(e.violations()).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo(field);
                assertThat(v.problem()).isNotBlank().doesNotContain("Exception");
            });
        }
        assertThat(refused).isGreaterThan(1000);
    }
}
