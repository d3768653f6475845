package org.jaring.node.correlate;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.text.SafeText;
import org.jaring.node.store.AlertTable;
import org.jaring.node.store.IndicatorTable;
import org.jaring.node.store.PeerCacheTable;
import org.jaring.node.warninglist.Warninglists;
import org.jaring.v1.Alert;
import org.jaring.v1.Hit;
import org.jaring.v1.Indicator;

/**
 * Tells a state when a value of one of its cases is also held elsewhere: in another of its own cases or in an
 * item a peer shared. Matching goes through the (type, value) indexes when a value arrives, one seek per
 * value; nothing is precomputed and no table of matching pairs grows with the data. Warninglisted values
 * raise nothing.
 */
public final class Correlator {
    private static final Logger LOG = Logger.getLogger(Correlator.class.getName());
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /**
     * A value already held by this many other local cases is over-correlating (a shared hosting domain, a
     * common kit's path): it raises no more local alerts. Pairs among N cases grow as N squared, which is the
     * correlation table MISP is known for; the cases holding such a value are one lookup away, and items
     * synced from peers still raise alerts for it. The store hands correlation at most this many other cases
     * per value ({@link IndicatorTable#OTHER_CASES_KEPT}), so the two are one number.
     */
    public static final int OVER_CORRELATING = IndicatorTable.OTHER_CASES_KEPT;

    private final String nodeId;
    private final IndicatorTable indicators;
    private final PeerCacheTable peerCache;
    private final AlertTable alerts;
    private final Warninglists warninglists;
    private final Clock clock;
    private final List<Consumer<Alert>> watchers = new CopyOnWriteArrayList<>();
    /** Counts the stored values that raised no local alert because they were over-correlating. */
    private final AtomicLong overCorrelating = new AtomicLong();

    public Correlator(
            String nodeId,
            IndicatorTable indicators,
            PeerCacheTable peerCache,
            AlertTable alerts,
            Warninglists warninglists,
            Clock clock) {
        this.nodeId = nodeId;
        this.indicators = indicators;
        this.peerCache = peerCache;
        this.alerts = alerts;
        this.warninglists = warninglists;
        this.clock = clock;
    }

    /**
     * After indicators were stored in a local case: match them against other cases (the records the write
     * itself read under each value) and against synced items (one batched read). An indicator that renewed its
     * case's live record is not matched again: each match it makes was considered when the later of the two
     * records arrived. Re-imports repeat values case by case, and matching them again (to find every alert
     * already raised) became the largest part of ingest as the alerts grew.
     */
    public CompletableFuture<Void> localStored(String caseId, IndicatorTable.PendingPut stored) {
        List<Indicator> applied = stored.applied();
        if (applied.isEmpty()) {
            return DONE;
        }
        List<CanonicalValue> values = new ArrayList<>(applied.size());
        for (Indicator i : applied) {
            values.add(new CanonicalValue(i.getType(), i.getValue()));
        }
        Timestamp now = Timestamps.fromMillis(clock.millis());
        List<Alert> candidates = new ArrayList<>();
        List<List<Hit>> synced = peerCache.findAll(values, clock.instant());
        for (int n = 0; n < values.size(); n++) {
            CanonicalValue v = values.get(n);
            List<Indicator> otherCases = stored.otherCases().get(n);
            if (stored.renewed().get(n)
                    || (otherCases.isEmpty() && synced.get(n).isEmpty())
                    || warninglisted(v)) {
                continue;
            }
            if (otherCases.size() >= OVER_CORRELATING) {
                overCorrelating.incrementAndGet();
                continue; // every further case would add two alerts per case already holding it
            }
            for (Indicator other : otherCases) {
                candidates.add(alert(now, v, caseId, nodeId, other.getCaseId(), null));
                candidates.add(alert(now, v, other.getCaseId(), nodeId, caseId, null));
            }
            for (Hit h : synced.get(n)) {
                candidates.add(alert(now, v, caseId, h.getOriginNode(), h.getCaseHandle(), h));
            }
        }
        return publish(candidates);
    }

    /** How many stored values raised no local alert because they were over-correlating, since start. */
    public long overCorrelatingSkipped() {
        return overCorrelating.get();
    }

    /** After items arrived from a peer: match them against local cases. Completes once the alerts are durable. */
    public CompletableFuture<Void> peerItems(List<Hit> items) {
        if (items.isEmpty()) {
            return DONE;
        }
        List<CanonicalValue> values = new ArrayList<>(items.size());
        for (Hit h : items) {
            values.add(new CanonicalValue(h.getType(), h.getValue()));
        }
        Timestamp now = null;
        List<Alert> candidates = new ArrayList<>();
        List<List<Indicator>> local = indicators.lookup(values, clock.instant());
        for (int n = 0; n < values.size(); n++) {
            if (local.get(n).isEmpty() || warninglisted(values.get(n))) {
                continue;
            }
            Hit h = items.get(n);
            now = now == null ? Timestamps.fromMillis(clock.millis()) : now;
            for (Indicator mine : local.get(n)) {
                candidates.add(alert(
                        now,
                        values.get(n),
                        mine.getCaseId(),
                        h.getOriginNode(),
                        h.getCaseHandle(),
                        peerCache.withContact(h)));
            }
        }
        return publish(candidates);
    }

    /**
     * Known-benign values match everything and mean nothing: they never raise an alert. Checked only for values
     * that matched something, which few do: checking every synced item first was a fifth of a sync's work.
     */
    private boolean warninglisted(CanonicalValue value) {
        return warninglists.match(value).isPresent();
    }

    public AlertTable alerts() {
        return alerts;
    }

    /** Calls {@code watcher} with each new alert until {@link #unwatch}. */
    public void watch(Consumer<Alert> watcher) {
        watchers.add(watcher);
    }

    public void unwatch(Consumer<Alert> watcher) {
        watchers.remove(watcher);
    }

    /** Stores the new alerts; watchers hear of them once they are on disk, so no alert is shown and then lost. */
    private CompletableFuture<Void> publish(List<Alert> candidates) {
        if (candidates.isEmpty()) {
            return DONE;
        }
        AlertTable.Raised raised = alerts.raiseAsync(candidates);
        return raised.durable().thenRun(() -> {
            logRaised(raised.alerts());
            for (Alert a : raised.alerts()) {
                for (Consumer<Alert> w : watchers) {
                    try {
                        w.accept(a);
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "alert watcher failed", e);
                    }
                }
            }
        });
    }

    /**
     * One line per batch of alerts, each alert at FINE: a bulk load that repeats known values raises thousands
     * of alerts a second, which a line each would bury the log in (they are listed by {@code jaring alerts}).
     */
    private static void logRaised(List<Alert> raised) {
        if (raised.isEmpty()) {
            return;
        }
        Alert first = raised.get(0);
        LOG.info(() -> raised.size() + " correlation alert(s) raised, IDs " + first.getAlertId() + ".."
                + raised.get(raised.size() - 1).getAlertId() + "; the first: case " + SafeText.quote(first.getCaseId())
                + " matches " + first.getOtherNode() + " " + SafeText.quote(first.getOtherCase()));
        for (Alert a : raised) {
            LOG.fine(() -> "correlation alert " + a.getAlertId() + ": case " + SafeText.quote(a.getCaseId())
                    + " matches " + a.getOtherNode() + " " + SafeText.quote(a.getOtherCase()));
        }
    }

    private static Alert alert(
            Timestamp now, CanonicalValue v, String caseId, String otherNode, String otherCase, Hit other) {
        Alert.Builder a = Alert.newBuilder()
                .setRaisedAt(now)
                .setType(v.type())
                .setValue(v.value())
                .setCaseId(caseId)
                .setOtherNode(otherNode)
                .setOtherCase(otherCase);
        if (other != null) {
            a.setOther(other);
        }
        return a.build();
    }
}
