package org.jaring.node.share.blind;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.jaring.core.failure.Periodic;
import org.jaring.core.failure.UnavailableException;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.node.share.PeerLookupResponder;
import org.jaring.node.signing.PeerSignatures;
import org.jaring.node.store.BlindTagTable;
import org.jaring.node.store.CaseTable;
import org.jaring.node.store.FeedLog;
import org.jaring.node.store.IndicatorTable;
import org.jaring.node.store.Keys;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;

/**
 * The tags of every value this node may answer <em>some</em> peer about, per key epoch, in the store
 * ({@link BlindTagTable}): one index for all askers, since the key is one per epoch. Which asker may be told of a
 * matched value is decided when it asks ({@link PeerLookupResponder#mayAnswer}, on the records as they are then).
 *
 * <p>Built in the background ({@link #start}): the current epoch's index when it is missing or incomplete, resumed
 * from its last written page after a restart; the next epoch's ahead of the rotation (once less than a tenth of the
 * rotation, at most a day, remains); epochs before the previous one dropped. Kept current from the node's change
 * log ({@link FeedLog}), which every indicator write, withdrawal, expiry purge and case change appends to in the
 * same write as the change. Derived state: an epoch whose build record is missing or unreadable is built again.
 *
 * <p>While an epoch's index is incomplete its lookups are refused UNAVAILABLE with the build's progress, never
 * answered "no hit" for values not yet indexed; a build with little left ({@code inlineBuildLimit} values) is
 * finished in the caller's thread instead, so a small node never refuses.
 */
public final class TagIndex implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TagIndex.class.getName());
    private static final int PAGE = 1024;
    private static final int CATCH_UP_BATCH = 1000;
    /** Changes a lookup waits for; with more behind, it is refused UNAVAILABLE while the worker catches up. */
    private static final int INLINE_CATCH_UP = 4000;
    /** The node's {@code inlineBuildLimit}: about two seconds of evaluations on one core. */
    public static final long INLINE_BUILD_VALUES = 2 * PAGE;

    private final IndicatorTable indicators;
    private final CaseTable cases;
    private final BlindKeys keys;
    private final BlindTagTable table;
    private final Clock clock;
    private final long inlineBuildLimit;
    private final ForkJoinPool evaluators;
    private final ScheduledExecutorService worker;
    /** One writer of the index at a time: a build page or a catch-up batch. */
    private final Object lock = new Object();

    private final AtomicLong evaluations = new AtomicLong();
    private volatile double progress;
    private volatile boolean closed;
    private int loggedTenths = -1;

    /**
     * {@code threads} evaluate in parallel during a build; {@code inlineBuildLimit} is how many values a caller may
     * finish building itself rather than be refused.
     */
    public TagIndex(
            IndicatorTable indicators,
            CaseTable cases,
            BlindKeys keys,
            BlindTagTable table,
            Clock clock,
            int threads,
            long inlineBuildLimit) {
        this.indicators = Objects.requireNonNull(indicators, "indicators");
        this.cases = Objects.requireNonNull(cases, "cases");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.inlineBuildLimit = inlineBuildLimit;
        this.evaluators = new ForkJoinPool(Math.max(1, threads));
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blind-tag-index");
            t.setDaemon(true);
            return t;
        });
    }

    /** Builds and maintains the index in the background, a pass every {@code every}. */
    public void start(Duration every) {
        Periodic.schedule(worker, "blind tag index", Duration.ZERO, every, this::maintain);
    }

    /** One pass of the background work; also called by tests and the bench to run it in their own thread. */
    public void maintain() {
        long now = keys.currentEpoch();
        for (long epoch : table.epochs()) {
            if (epoch < now - 1) {
                synchronized (lock) {
                    table.drop(epoch);
                }
                LOG.info(() -> "blind tag index: dropped key epoch " + epoch + " (now " + now + ")");
            }
        }
        build(now, Long.MAX_VALUE);
        Duration lead = min(Duration.ofDays(1), keys.rotation().dividedBy(10));
        if (!clock.instant().plus(lead).isBefore(keys.start(now + 1))) {
            build(now + 1, Long.MAX_VALUE);
        }
        for (long epoch = now - 1; epoch <= now + 1 && !closed; epoch++) {
            while (!closed && catchUpBatch(epoch) > 0) {
                // until the epoch has every durable change (or is not built)
            }
        }
    }

    /** The epoch to evaluate in now: the current one once its index is complete, else the previous complete one. */
    public long evaluationEpoch() {
        long now = keys.currentEpoch();
        if (ready(now, false)) {
            return now;
        }
        if (ready(now - 1, false)) {
            return now - 1;
        }
        throw notReady(now);
    }

    /**
     * The value each tag stands for in the index of {@code epoch}, or null where none; UNAVAILABLE while that index
     * is incomplete or far behind the change log.
     */
    public List<CanonicalValue> resolve(long epoch, List<byte[]> tags) {
        if (!ready(epoch, true)) {
            throw notReady(epoch);
        }
        long caughtUp = 0;
        long behind;
        while ((behind = catchUpBatch(epoch)) > 0) {
            caughtUp += CATCH_UP_BATCH;
            if (caughtUp >= INLINE_CATCH_UP) {
                long left = behind;
                LOG.fine(() -> "blind tag index of key epoch " + epoch + ": " + left + " changes behind");
                throw notReady(epoch);
            }
        }
        List<CanonicalValue> out = new ArrayList<>(tags.size());
        for (byte[] key : table.resolve(epoch, tags)) {
            out.add(key == null ? null : valueOf(key));
        }
        return out;
    }

    /** Progress of the current epoch's build, 0 to 1 (1 once complete). */
    public double progress() {
        return progress;
    }

    /** VOPRF evaluations made for the index since start. */
    public long evaluations() {
        return evaluations.get();
    }

    /**
     * Builds {@code epoch} for at most {@code maxPages} pages of {@value #PAGE} stored values; true once complete.
     * Each page is written with the build record, so a restart resumes after the last page written.
     */
    public boolean build(long epoch, long maxPages) {
        for (long page = 0; page < maxPages; page++) {
            if (closed) {
                return false;
            }
            synchronized (lock) {
                if (buildPage(epoch)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean buildPage(long epoch) {
        BlindTagTable.Meta meta = meta(epoch);
        boolean current = epoch == keys.currentEpoch();
        if (meta == null) {
            table.drop(epoch); // entries without a readable record are not trusted: built again from the store
            long total = Math.max(1, table.estimatedIndicatorValues());
            meta = new BlindTagTable.Meta(false, indicators.feed().head(), 0, total, keyCheck(epoch), new byte[0]);
            table.write(epoch, List.of(), List.of(), meta);
            long t = total;
            LOG.info(() -> "blind tag index: building key epoch " + epoch + " (about " + t + " values)");
        }
        if (meta.complete()) {
            if (current) {
                progress = 1;
            }
            return true;
        }
        Instant now = clock.instant();
        List<IndicatorTable.StoredValue> page = indicators.page(meta.resumeAfter(), PAGE, now);
        List<byte[]> answerable = new ArrayList<>();
        List<CanonicalValue> values = new ArrayList<>();
        for (IndicatorTable.StoredValue v : page) {
            if (answerable(v.live())) {
                answerable.add(v.key());
                values.add(v.value());
            }
        }
        List<BlindTagTable.Entry> entries = entries(epoch, answerable, values);
        long scanned = meta.scanned() + page.size();
        boolean done = page.size() < PAGE;
        byte[] resume =
                page.isEmpty() ? meta.resumeAfter() : page.get(page.size() - 1).key();
        table.write(
                epoch,
                entries,
                List.of(),
                new BlindTagTable.Meta(
                        done, meta.upTo(), scanned, Math.max(meta.total(), scanned), meta.keyCheck(), resume));
        double fraction = done ? 1 : Math.min(0.99, (double) scanned / Math.max(meta.total(), scanned));
        if (current) {
            progress = fraction;
        }
        int tenths = (int) (fraction * 10);
        if (tenths != loggedTenths) {
            loggedTenths = done ? -1 : tenths;
            LOG.info(
                    () -> "blind tag index of key epoch " + epoch + ": " + (done ? "complete, " : (tenths * 10) + "%, ")
                            + scanned + " values scanned, " + evaluations.get() + " evaluations since start");
        }
        return done;
    }

    /** Applies one batch of changes to a complete epoch; how many durable changes were still behind before it. */
    private long catchUpBatch(long epoch) {
        synchronized (lock) {
            BlindTagTable.Meta meta = meta(epoch);
            if (meta == null || !meta.complete()) {
                return 0;
            }
            FeedLog log = indicators.feed();
            long behind = log.head() - meta.upTo();
            if (behind <= 0) {
                return 0;
            }
            List<FeedLog.Change> changes = log.read(meta.upTo(), CATCH_UP_BATCH);
            if (changes.isEmpty()) {
                return 0;
            }
            Map<String, CanonicalValue> changed = new LinkedHashMap<>();
            for (FeedLog.Change c : changes) {
                changed.putIfAbsent(c.type().getNumber() + "\0" + c.value(), new CanonicalValue(c.type(), c.value()));
            }
            List<CanonicalValue> values = new ArrayList<>(changed.values());
            List<byte[]> keyList = new ArrayList<>(values.size());
            for (CanonicalValue v : values) {
                keyList.add(Keys.indicator(v.type(), v.value()));
            }
            List<List<Indicator>> found = indicators.lookup(values, clock.instant());
            List<byte[]> existing = table.tagsOf(epoch, keyList);
            List<byte[]> addKeys = new ArrayList<>();
            List<CanonicalValue> addValues = new ArrayList<>();
            List<BlindTagTable.Entry> removed = new ArrayList<>();
            for (int n = 0; n < values.size(); n++) {
                boolean answerable = answerable(found.get(n));
                if (answerable && existing.get(n) == null) {
                    addKeys.add(keyList.get(n));
                    addValues.add(values.get(n));
                } else if (!answerable && existing.get(n) != null) {
                    removed.add(new BlindTagTable.Entry(keyList.get(n), existing.get(n)));
                }
            }
            table.write(
                    epoch,
                    entries(epoch, addKeys, addValues),
                    removed,
                    new BlindTagTable.Meta(
                            true,
                            changes.get(changes.size() - 1).sequence(),
                            meta.scanned(),
                            meta.total(),
                            meta.keyCheck(),
                            meta.resumeAfter()));
            return behind;
        }
    }

    /** Whether {@code epoch}'s index is complete; finishing a build with little left when {@code finish}. */
    private boolean ready(long epoch, boolean finish) {
        BlindTagTable.Meta meta = meta(epoch);
        if (meta != null && meta.complete()) {
            return true;
        }
        long left = meta == null ? table.estimatedIndicatorValues() : meta.total() - meta.scanned();
        if ((finish || epoch == keys.currentEpoch()) && left <= inlineBuildLimit) {
            return build(epoch, inlineBuildLimit / PAGE + 2);
        }
        return false;
    }

    /** The build record of {@code epoch}, or null when there is none or it was made with another key. */
    private BlindTagTable.Meta meta(long epoch) {
        BlindTagTable.Meta meta = table.meta(epoch);
        return meta == null || meta.keyCheck() != keyCheck(epoch) ? null : meta;
    }

    private long keyCheck(long epoch) {
        return ByteBuffer.wrap(
                        PeerSignatures.sha256().digest(keys.key(epoch).server().publicKey()))
                .getLong();
    }

    /**
     * The refusal a peer reads, the same whatever the cause (a build under way, a large change being caught up):
     * the epoch only. A percentage read twice would give the build's speed, and with the Evaluate rate of any
     * machine the number of values this node holds; "a large change" would tell of an import. The operator sees
     * the progress in the log and in jaring_blind_index_progress.
     */
    private static UnavailableException notReady(long epoch) {
        return UnavailableException.forPeers("this node's blind tag index for key epoch " + epoch
                + " is not ready; it answers blind lookups once the index is complete: ask again in a few minutes, or"
                + " in plain mode");
    }

    private boolean answerable(List<Indicator> live) {
        for (Indicator i : live) {
            if (PeerLookupResponder.mayAnswerSomePeer(
                    i, cases.find(i.getCaseId()).orElse(null))) {
                return true;
            }
        }
        return false;
    }

    /** One VOPRF evaluation (a hash to curve and a scalar multiplication) per value, on the build threads. */
    private List<BlindTagTable.Entry> entries(long epoch, List<byte[]> keyList, List<CanonicalValue> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        BlindKeys.Key key = keys.key(epoch);
        List<byte[]> tags;
        try {
            tags = evaluators
                    .submit(() -> values.parallelStream()
                            .map(v -> BlindTags.tag(epoch, key.server().evaluate(BlindTags.input(v))))
                            .toList())
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("the blind tag index build was interrupted (the node is stopping)", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("evaluating blind tags: " + e.getCause(), e.getCause());
        }
        evaluations.addAndGet(values.size());
        List<BlindTagTable.Entry> out = new ArrayList<>(values.size());
        for (int n = 0; n < values.size(); n++) {
            out.add(new BlindTagTable.Entry(
                    keyList.get(n), java.util.Arrays.copyOf(tags.get(n), BlindTagTable.TAG_BYTES)));
        }
        return out;
    }

    private static CanonicalValue valueOf(byte[] indicatorKey) {
        return new CanonicalValue(
                IndicatorType.forNumber(indicatorKey[0]),
                new String(indicatorKey, 1, indicatorKey.length - 1, StandardCharsets.UTF_8));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("blind tag index: the build did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        evaluators.shutdownNow();
    }
}
