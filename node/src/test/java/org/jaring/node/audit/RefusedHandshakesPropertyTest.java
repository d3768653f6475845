package org.jaring.node.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jaring.core.trust.TrustDecision;
import org.jaring.core.trust.TrustReason;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;
import org.junit.jupiter.api.Test;

/**
 * Seeded sequences of refused handshakes on several listeners, with interval ends between them: at most two
 * records per listener per interval, every refusal accounted for (in full or in a summary, by reason), and
 * whatever a stranger's certificate claims stays printable and bounded in the record.
 */
class RefusedHandshakesPropertyTest {
    private static final String[] LISTENERS = {"peer", "national", "admin"};
    private static final TrustReason[] REASONS = {
        TrustReason.UNKNOWN_PEER,
        TrustReason.BAD_CHAIN,
        TrustReason.EXPIRED,
        TrustReason.REVOKED,
        TrustReason.BAD_IDENTITY
    };

    private record Written(String actor, String subject, List<AuditDetail> details) {
        String get(String key) {
            return details.stream()
                    .filter(d -> d.getKey().equals(key))
                    .map(AuditDetail::getValue)
                    .findFirst()
                    .orElse(null);
        }
    }

    @Test
    void boundedAndCompleteForEverySeed() {
        for (long seed = 0; seed < 300; seed++) {
            check(seed);
        }
    }

    private static void check(long seed) {
        Random random = new Random(seed);
        List<Written> written = new ArrayList<>();
        AuditLog log = (kind, actor, subject, details) -> {
            assertThat(kind).isEqualTo(AuditKind.AUDIT_KIND_CONNECTION_REFUSED);
            written.add(new Written(actor, subject, details));
        };
        Map<String, Long> refusals = new HashMap<>();
        Map<String, Long> byReason = new HashMap<>();
        RefusedHandshakes summary = new RefusedHandshakes(log, Clock.systemUTC(), Duration.ofDays(1));
        try {
            int intervals = 1 + random.nextInt(5);
            for (int interval = 0; interval < intervals; interval++) {
                int before = written.size();
                int events = random.nextInt(200);
                for (int i = 0; i < events; i++) {
                    String listener = LISTENERS[random.nextInt(LISTENERS.length)];
                    TrustReason reason = REASONS[random.nextInt(REASONS.length)];
                    summary.refused(new TrustDecision(
                            Instant.now(),
                            listener,
                            TrustDecision.Stage.HANDSHAKE,
                            reason,
                            String.valueOf(claim(random)),
                            claim(random),
                            random.nextBoolean() ? null : fingerprint(random),
                            null));
                    refusals.merge(listener, 1L, Long::sum);
                    byReason.merge(listener + "/" + reason.name(), 1L, Long::sum);
                }
                if (interval < intervals - 1) {
                    summary.flush();
                }
                Map<String, Integer> perListener = new HashMap<>();
                for (Written w : written.subList(before, written.size())) {
                    perListener.merge(w.get("listener"), 1, Integer::sum);
                }
                if (interval < intervals - 1) {
                    assertThat(perListener.values()).as("seed %d", seed).allMatch(n -> n <= 2);
                }
            }
        } finally {
            summary.close();
        }

        Map<String, Long> recorded = new HashMap<>();
        Map<String, Long> recordedByReason = new HashMap<>();
        for (Written w : written) {
            String listener = w.get("listener");
            if (w.subject().equals("summary")) {
                recorded.merge(listener, Long.parseLong(w.get("refused")), Long::sum);
                for (String part : w.get("reasons").split(" ")) {
                    String[] kv = part.split("=");
                    recordedByReason.merge(listener + "/" + kv[0], Long.parseLong(kv[1]), Long::sum);
                }
                assertThat(w.get("claimed").isEmpty() ? 0 : w.get("claimed").split("\n").length)
                        .isLessThanOrEqualTo(RefusedHandshakes.SAMPLES);
                assertThat(
                                w.get("fingerprints").isEmpty()
                                        ? 0
                                        : w.get("fingerprints").split("\n").length)
                        .isLessThanOrEqualTo(RefusedHandshakes.SAMPLES);
            } else {
                recorded.merge(listener, 1L, Long::sum);
                recordedByReason.merge(listener + "/" + w.get("reason"), 1L, Long::sum);
            }
            for (AuditDetail d : w.details()) {
                assertThat(d.getValue())
                        .as("seed %d: %s", seed, d.getKey())
                        .matches("[\\x20-\\x7e\\n]*")
                        .hasSizeLessThan(600);
            }
            assertThat(w.actor()).matches("[\\x20-\\x7e]*").hasSizeLessThanOrEqualTo(83);
        }
        assertThat(recorded).as("seed %d", seed).isEqualTo(refusals);
        assertThat(recordedByReason).as("seed %d", seed).isEqualTo(byReason);
    }

    /** What a stranger's certificate may claim: nothing, a plausible URI, or long text with control characters. */
    private static String claim(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> "urn:jaring:node:XX-" + (char) ('A' + random.nextInt(26));
            default -> {
                StringBuilder b = new StringBuilder();
                int n = random.nextInt(400);
                for (int i = 0; i < n; i++) {
                    b.append((char) random.nextInt(0x3000));
                }
                yield b.toString();
            }
        };
    }

    private static String fingerprint(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            b.append(Character.forDigit(random.nextInt(16), 16));
        }
        return b.toString();
    }
}
