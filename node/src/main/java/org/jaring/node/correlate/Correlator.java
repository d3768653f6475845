package org.jaring.node.correlate;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.node.indicator.CanonicalValue;
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

    private final String nodeId;
    private final IndicatorTable indicators;
    private final PeerCacheTable peerCache;
    private final AlertTable alerts;
    private final Warninglists warninglists;
    private final Clock clock;
    private final List<Consumer<Alert>> watchers = new CopyOnWriteArrayList<>();

    public Correlator(String nodeId, IndicatorTable indicators, PeerCacheTable peerCache, AlertTable alerts,
                      Warninglists warninglists, Clock clock) {
        this.nodeId = nodeId;
        this.indicators = indicators;
        this.peerCache = peerCache;
        this.alerts = alerts;
        this.warninglists = warninglists;
        this.clock = clock;
    }

    /**
     * After indicators were stored in a local case: match them against other cases (the records the write
     * itself read under each value) and against synced items (one batched read).
     */
    public java.util.concurrent.CompletableFuture<Void> localStored(String caseId, IndicatorTable.PendingPut stored) {
        List<CanonicalValue> values = new ArrayList<>(stored.applied().size());
        List<List<Indicator>> otherCases = new ArrayList<>(stored.applied().size());
        for (int n = 0; n < stored.applied().size(); n++) {
            Indicator i = stored.applied().get(n);
            CanonicalValue v = new CanonicalValue(i.getType(), i.getValue());
            if (warninglists.match(v).isEmpty()) {
                values.add(v);
                otherCases.add(stored.otherCases().get(n));
            }
        }
        if (values.isEmpty()) {
            return DONE;
        }
        Timestamp now = Timestamps.fromMillis(clock.millis());
        List<Alert> candidates = new ArrayList<>();
        List<List<Hit>> synced = peerCache.findAll(values, clock.instant());
        for (int n = 0; n < values.size(); n++) {
            CanonicalValue v = values.get(n);
            if (otherCases.get(n).size() >= OVER_CORRELATING) {
                overCorrelating.incrementAndGet();
                continue; // every further case would add two alerts per case already holding it
            }
            for (Indicator other : otherCases.get(n)) {
                candidates.add(alert(now, v, caseId, nodeId, other.getCaseId(), null));
                candidates.add(alert(now, v, other.getCaseId(), nodeId, caseId, null));
            }
            for (Hit h : synced.get(n)) {
                candidates.add(alert(now, v, caseId, h.getOriginNode(), h.getCaseHandle(), h));
            }
        }
        return publish(candidates);
    }

    /**
     * A value already held by this many other local cases is over-correlating (a shared hosting domain, a
     * common kit's path): it raises no more local alerts. Pairs among N cases grow as N squared, which is the
     * correlation table MISP is known for; the cases holding such a value are one lookup away, and items
     * synced from peers still raise alerts for it.
     */
    public static final int OVER_CORRELATING = 20;

    private final java.util.concurrent.atomic.AtomicLong overCorrelating = new java.util.concurrent.atomic.AtomicLong();

    /** How many stored values raised no local alert because they were over-correlating, since start. */
    public long overCorrelatingSkipped() {
        return overCorrelating.get();
    }

    private static final java.util.concurrent.CompletableFuture<Void> DONE =
            java.util.concurrent.CompletableFuture.completedFuture(null);

    /** After items arrived from a peer: match them against local cases. Completes once the alerts are durable. */
    public java.util.concurrent.CompletableFuture<Void> peerItems(List<Hit> items) {
        List<Hit> kept = notWarninglisted(items, h -> new CanonicalValue(h.getType(), h.getValue()));
        List<CanonicalValue> values = kept.stream().map(h -> new CanonicalValue(h.getType(), h.getValue())).toList();
        if (values.isEmpty()) {
            return DONE;
        }
        Timestamp now = Timestamps.fromMillis(clock.millis());
        List<Alert> candidates = new ArrayList<>();
        List<List<Indicator>> local = indicators.lookup(values, clock.instant());
        for (int n = 0; n < values.size(); n++) {
            Hit h = kept.get(n);
            for (Indicator mine : local.get(n)) {
                candidates.add(alert(now, values.get(n), mine.getCaseId(), h.getOriginNode(), h.getCaseHandle(),
                        peerCache.withContact(h)));
            }
        }
        return publish(candidates);
    }

    /** Known-benign values match everything and mean nothing: they never raise an alert. */
    private <T> List<T> notWarninglisted(List<T> items, java.util.function.Function<T, CanonicalValue> value) {
        List<T> kept = new ArrayList<>(items.size());
        for (T item : items) {
            if (warninglists.match(value.apply(item)).isEmpty()) {
                kept.add(item);
            }
        }
        return kept;
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
    private java.util.concurrent.CompletableFuture<Void> publish(List<Alert> candidates) {
        if (candidates.isEmpty()) {
            return DONE;
        }
        AlertTable.Raised raised = alerts.raiseAsync(candidates);
        return raised.durable().thenRun(() -> {
            for (Alert a : raised.alerts()) {
                LOG.info(() -> "correlation alert " + a.getAlertId() + ": case " + a.getCaseId() + " matches "
                        + a.getOtherNode() + " " + a.getOtherCase());
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

    private static Alert alert(Timestamp now, CanonicalValue v, String caseId, String otherNode, String otherCase,
                               Hit other) {
        Alert.Builder a = Alert.newBuilder().setRaisedAt(now).setType(v.type()).setValue(v.value())
                .setCaseId(caseId).setOtherNode(otherNode).setOtherCase(otherCase);
        if (other != null) {
            a.setOther(other);
        }
        return a.build();
    }
}
