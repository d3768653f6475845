package org.jaring.core.trust;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.core.logging.ThrottledLog;

/**
 * Counts decisions in {@code jaring.trust.decisions} (tags outcome, reason, listener, stage) and logs them:
 * acceptances at FINE, refusals at WARNING, at most one line per listener every 10 seconds (the count of the
 * others is in the line and in the metric). Only public data is logged: claimed identity and fingerprint.
 */
public final class TrustDecisionMetrics implements TrustDecisionListener {

    public static final String METER = "jaring.trust.decisions";
    private static final Logger LOG = Logger.getLogger("org.jaring.core.trust.decisions");

    private static final Duration REFUSAL_LOG_INTERVAL = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final Map<String, ThrottledLog> refusals = new ConcurrentHashMap<>();

    public TrustDecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onDecision(TrustDecision d) {
        try {
            Counter.builder(METER)
                    .description("Certificate trust decisions")
                    .tag("outcome", d.accepted() ? "accepted" : "refused")
                    .tag("reason", d.reason().name().toLowerCase(Locale.ROOT))
                    .tag("listener", d.listener())
                    .tag("stage", d.stage().name().toLowerCase(Locale.ROOT))
                    .register(registry)
                    .increment();
            // Every call is a decision: acceptances would flood the log, refusals are what an operator must see,
            // but anyone can be refused at will: one line per listener per interval, the rest counted above.
            String line = String.format(
                    "trust %s listener=%s stage=%s reason=%s claimed=%s fingerprint=%s detail=%s",
                    d.accepted() ? "accepted" : "refused",
                    d.listener(),
                    d.stage(),
                    d.reason(),
                    clean(d.claimedIdentity()),
                    d.fingerprint(),
                    clean(d.detail()));
            if (d.accepted()) {
                LOG.fine(line);
            } else {
                refusals.computeIfAbsent(d.listener(), k -> new ThrottledLog(LOG, REFUSAL_LOG_INTERVAL))
                        .warn(() -> line);
            }
        } catch (RuntimeException e) {
            // Metrics must never break a handshake.
            LOG.log(Level.FINE, "cannot record trust decision", e);
        }
    }

    /** Claimed identities come from untrusted certificates: keep them on one printable line. */
    private static String clean(String s) {
        return s == null ? "-" : NodeId.printable(s);
    }
}
