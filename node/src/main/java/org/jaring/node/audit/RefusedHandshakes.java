package org.jaring.node.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.core.failure.Periodic;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.TrustDecision;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;

/**
 * Refused TLS handshakes in the audit log, bounded: anyone who can reach a listener can be refused as often as
 * it likes (a stranger's CA wrote 33 records a second, each kept seven years). Per listener and interval, the
 * first refusal is recorded as it happens, in full; the others are summed, and one summary record at the end of
 * the interval holds their count by reason, a few of the identities and fingerprints they showed (one a line),
 * and the first and last time. So a listener writes at most two refusal records an interval, whatever the rate; the metric
 * {@code jaring.trust.decisions} still counts every refusal.
 */
public final class RefusedHandshakes implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RefusedHandshakes.class.getName());
    /** Distinct identities and fingerprints kept per summary: enough to tell one prober from many. */
    static final int SAMPLES = 5;

    private final AuditLog audit;
    private final Clock clock;
    private final ScheduledExecutorService flusher;
    private final Map<String, Window> windows = new TreeMap<>();
    private boolean closed;

    public RefusedHandshakes(AuditLog audit, Clock clock, Duration interval) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-refusal-summary");
            t.setDaemon(true);
            return t;
        });
        Periodic.schedule(flusher, "refused-handshake summary", interval, interval, this::flush);
    }

    /** Takes one refused handshake: written now if it is its listener's first of the interval, else summed. */
    public void refused(TrustDecision d) {
        boolean first;
        synchronized (this) {
            if (closed) {
                return;
            }
            Window w = windows.computeIfAbsent(d.listener(), k -> new Window());
            first = !w.firstWritten;
            if (first) {
                w.firstWritten = true;
            } else {
                w.add(d, clock.instant());
            }
        }
        if (first) {
            write(
                    AuditTrustListener.claimed(d),
                    d.fingerprint() == null ? "" : d.fingerprint(),
                    AuditLog.details(
                            "listener",
                            d.listener(),
                            "stage",
                            d.stage().name(),
                            "reason",
                            d.reason().name(),
                            "detail",
                            detail(d.detail())));
        }
    }

    /** Writes one summary per listener with refusals summed since the last flush, and opens a new interval. */
    void flush() {
        Map<String, Window> due;
        synchronized (this) {
            due = new TreeMap<>(windows);
            windows.clear();
        }
        due.forEach((listener, w) -> {
            if (w.count > 0) {
                write("", "summary", w.details(listener));
            }
        });
    }

    private void write(String actor, String subject, List<AuditDetail> details) {
        try {
            audit.appendNoWait(AuditKind.AUDIT_KIND_CONNECTION_REFUSED, actor, subject, details);
        } catch (RuntimeException e) {
            // Handshake threads and the flusher must not die of a failed write; the audit log reports its own.
            LOG.log(Level.WARNING, "cannot audit refused handshakes: " + e.getMessage());
        }
    }

    /** Stops the flusher and writes what is summed so far; before the audit log closes. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        flusher.shutdownNow();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    /** One listener's refusals since the last flush, after the one recorded in full. */
    private static final class Window {
        boolean firstWritten;
        long count;
        Instant first;
        Instant last;
        final Map<String, Long> byReason = new TreeMap<>();
        final Set<String> claims = new LinkedHashSet<>();
        final Set<String> fingerprints = new LinkedHashSet<>();

        void add(TrustDecision d, Instant now) {
            count++;
            first = first == null ? now : first;
            last = now;
            byReason.merge(d.reason().name(), 1L, Long::sum);
            String claim = AuditTrustListener.claimed(d);
            if (!claim.isEmpty() && claims.size() < SAMPLES) {
                claims.add(claim);
            }
            if (d.fingerprint() != null && fingerprints.size() < SAMPLES) {
                fingerprints.add(d.fingerprint());
            }
        }

        List<AuditDetail> details(String listener) {
            List<String> reasons = new ArrayList<>();
            byReason.forEach((reason, n) -> reasons.add(reason + "=" + n));
            return AuditLog.details(
                    "listener",
                    listener,
                    "stage",
                    TrustDecision.Stage.HANDSHAKE.name(),
                    "refused",
                    Long.toString(count),
                    "reasons",
                    String.join(" ", reasons),
                    // One per line: a claim is printable ASCII and may hold spaces, never a line break.
                    "claimed",
                    String.join("\n", claims),
                    "fingerprints",
                    String.join("\n", fingerprints),
                    "first",
                    first.toString(),
                    "last",
                    last.toString());
        }
    }

    /** A refusal's explanation may quote what the certificate holds: one printable line, at most 300 characters. */
    static String detail(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** A stranger's claimed identity, on one printable line and capped (80 characters). */
    static String printable(String claimed) {
        return claimed == null ? "" : NodeId.printable(claimed);
    }
}
