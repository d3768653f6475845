package org.jaring.node.share.blind;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.node.cases.CaseService;
import org.jaring.node.share.Asker;
import org.jaring.node.share.PeerLookupResponder;
import org.jaring.node.store.FeedLog;
import org.jaring.node.store.IndicatorTable;
import org.jaring.v1.Case;
import org.jaring.v1.Indicator;

/**
 * Per asking peer and key epoch, the tags of the values this node may answer that peer about (the lookup path's
 * own predicate, {@link PeerLookupResponder#mayAnswer}). Derived state, held in memory: built from the store on
 * first use, then brought up to date before every lookup from the node's change log (store.FeedLog), which every
 * indicator write, withdrawal, expiry and case change (default handling) appends to in the same write as the
 * change. A change of the peer's groups or a new key epoch builds a new index. The index only narrows which
 * values a lookup looks at: the answer path checks the policy again on the records as they are then.
 */
public final class TagIndex {
    private static final int CATCH_UP_BATCH = 10_000;
    /** Indexes of epochs before the previous one are dropped as lookups come in. */
    private static final int EPOCHS_KEPT = 2;

    private final IndicatorTable indicators;
    private final CaseService cases;
    private final BlindKeys keys;
    private final Clock clock;
    private final Map<String, PeerIndex> indexes = new ConcurrentHashMap<>();

    public TagIndex(IndicatorTable indicators, CaseService cases, BlindKeys keys, Clock clock) {
        this.indicators = Objects.requireNonNull(indicators, "indicators");
        this.cases = Objects.requireNonNull(cases, "cases");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The value each tag stands for in {@code asker}'s index of {@code epoch}, or null where none. */
    public List<CanonicalValue> resolve(Asker asker, long epoch, List<byte[]> tags) {
        indexes.keySet().removeIf(k -> epochOf(k) < epoch - (EPOCHS_KEPT - 1));
        PeerIndex index = indexes.compute(
                asker.nodeId() + "\0" + epoch,
                (k, old) -> old != null && old.groups.equals(asker.groups())
                        ? old
                        : new PeerIndex(asker, keys.key(asker.nodeId(), epoch)));
        synchronized (index) {
            index.catchUp();
            List<CanonicalValue> out = new ArrayList<>(tags.size());
            for (byte[] tag : tags) {
                out.add(index.byTag.get(ByteBuffer.wrap(tag)));
            }
            return out;
        }
    }

    /** How many tags {@code asker}'s index of {@code epoch} holds, -1 if it was not built (tests, metrics). */
    public int size(String asker, long epoch) {
        PeerIndex index = indexes.get(asker + "\0" + epoch);
        if (index == null) {
            return -1;
        }
        synchronized (index) {
            return index.byTag.size();
        }
    }

    private static long epochOf(String key) {
        return Long.parseLong(key.substring(key.indexOf('\0') + 1));
    }

    private final class PeerIndex {
        final Asker asker;
        final Set<String> groups;
        final BlindKeys.Key key;
        final Map<ByteBuffer, CanonicalValue> byTag = new HashMap<>();
        final Map<CanonicalValue, ByteBuffer> byValue = new HashMap<>();
        /** Changes up to this sequence of the change log are in the index; -1 before the first build. */
        long upTo = -1;

        PeerIndex(Asker asker, BlindKeys.Key key) {
            this.asker = asker;
            this.groups = asker.groups();
            this.key = key;
        }

        void catchUp() {
            FeedLog log = indicators.feed();
            if (upTo < 0) {
                // The head is read before the scan: a change written during the scan is applied again below, which
                // is harmless (each change re-reads the value's records as they are).
                long head = log.head();
                Set<CanonicalValue> answerable = new HashSet<>();
                indicators.scan(clock.instant(), i -> {
                    if (answerable(i)) {
                        answerable.add(new CanonicalValue(i.getType(), i.getValue()));
                    }
                });
                // One VOPRF evaluation (a hash to curve and a scalar multiplication) per value: the whole cost of
                // the build, spread over every core; the maps are filled on this thread.
                List<CanonicalValue> values = new ArrayList<>(answerable);
                List<byte[]> tags = values.parallelStream().map(this::tagOf).toList();
                for (int n = 0; n < values.size(); n++) {
                    ByteBuffer tag = ByteBuffer.wrap(tags.get(n));
                    byTag.put(tag, values.get(n));
                    byValue.put(values.get(n), tag);
                }
                upTo = head;
            }
            while (true) {
                List<FeedLog.Change> changes = log.read(upTo, CATCH_UP_BATCH);
                if (changes.isEmpty()) {
                    return;
                }
                Set<CanonicalValue> changed = new HashSet<>();
                for (FeedLog.Change c : changes) {
                    changed.add(new CanonicalValue(c.type(), c.value()));
                }
                List<CanonicalValue> values = new ArrayList<>(changed);
                List<List<Indicator>> found = indicators.lookup(values, clock.instant());
                for (int n = 0; n < values.size(); n++) {
                    boolean any = false;
                    for (Indicator i : found.get(n)) {
                        any |= answerable(i);
                    }
                    if (any) {
                        put(values.get(n));
                    } else {
                        remove(values.get(n));
                    }
                }
                upTo = changes.get(changes.size() - 1).sequence();
            }
        }

        private boolean answerable(Indicator i) {
            Case c = cases.findCase(i.getCaseId()).orElse(null);
            return PeerLookupResponder.mayAnswer(i, c, asker);
        }

        private void put(CanonicalValue value) {
            if (byValue.containsKey(value)) {
                return;
            }
            ByteBuffer tag = ByteBuffer.wrap(tagOf(value));
            byTag.put(tag, value);
            byValue.put(value, tag);
        }

        private byte[] tagOf(CanonicalValue value) {
            byte[] output = key.server().evaluate(BlindTags.input(value));
            return BlindTags.tag(asker.nodeId(), key.epoch(), output);
        }

        private void remove(CanonicalValue value) {
            ByteBuffer tag = byValue.remove(value);
            if (tag != null) {
                byTag.remove(tag);
            }
        }
    }
}
