package org.jaring.bench;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.core.indicator.InvalidIndicatorException;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.IndicatorRecords;
import org.jaring.node.store.Keys;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddIndicatorsResponse;
import org.jaring.v1.Indicator;
import org.jaring.v1.LookupLocalResponse;

/**
 * Builds one node's store through its national service, chunk by chunk, and beside it a raw RocksDB with the
 * same keys and values (benchmark 1, ingest). At the first checkpoint and at the end it measures disk, memory
 * and lookup latency (benchmark 5, scale); on the full store it compares the node's lookup paths with a raw
 * multiGet (benchmark 2, local lookup). Generation and canonicalisation for the raw side happen between the
 * timed regions.
 */
final class StoreBench {
    static final long SEED = 20261128L;
    static final String NODE_ID = "TH-BENCH";
    private static final int CHUNK = 100 * Scale.BATCH;

    private final Scale scale;
    private final Progress progress;
    private final Results results;
    private final Path root;
    private final boolean ingest;
    private final boolean local;
    private final boolean scaling;

    private final List<Checkpoint> checkpoints = new ArrayList<>();

    record Checkpoint(
            long values,
            long diskBytes,
            long rssBytes,
            long heapBytes,
            Rounds lookups,
            double cacheBytes,
            double indicatorsSstBytes,
            double machineProbeMillis) {}

    StoreBench(
            Scale scale,
            Progress progress,
            Results results,
            Path root,
            boolean ingest,
            boolean local,
            boolean scaling) {
        this.scale = scale;
        this.progress = progress;
        this.results = results;
        this.root = root;
        this.ingest = ingest;
        this.local = local;
        this.scaling = scaling;
    }

    /**
     * Block-cache bytes per stored indicator, so the INDICATORS family with its index and filter blocks fits in
     * the cache: the whole data folder, every family and the WAL, took 240-310 bytes per indicator in earlier
     * runs (docs/benchmarks-history.md). docs/operations.md gives operators the same rule. Lookup latency stays flat only
     * while the working set fits; the node's default of 64 MiB suits a few hundred thousand indicators.
     */
    static final int CACHE_BYTES_PER_INDICATOR = 256;

    static long blockCacheMb(long indicators) {
        return Math.max(64, (indicators * CACHE_BYTES_PER_INDICATOR) >> 20);
    }

    void run() throws Exception {
        progress.line(
                "store: node %s, %,d indicators in chunks of %,d, batches of %,d (%s)",
                NODE_ID, scale.storeValues(), CHUNK, Scale.BATCH, IndicatorSource.MIX);
        QuerySample sample = new QuerySample(100_000, SEED);
        long cacheMb = blockCacheMb(scale.storeValues());
        progress.line(
                "store: store.block_cache_mb %,d, sized to the INDICATORS family at %,d indicators (%d bytes each)",
                cacheMb, scale.storeValues(), CACHE_BYTES_PER_INDICATOR);
        try (BenchNode node = BenchNode.create(root, NODE_ID, null, cacheMb).start()) {
            StoreSettings settings = node.node().config().store();
            Canonicalizer canonicalizer = new Canonicalizer(node.node().config().country());
            IndicatorSource source = new IndicatorSource(SEED);
            long sent = 0;
            long refused = 0;
            long nodeNanos = 0;
            long rawNanos = 0;
            long genNanos = 0;
            long generated = 0;
            long stored = 0;
            long rawKeys;
            List<Double> chunkRatios = new ArrayList<>();
            List<long[]> chunks = new ArrayList<>(); // {indicators sent, node nanos, raw nanos} per chunk
            try (RawStore raw = RawStore.open(root.resolve("raw-ingest"), "XX-RAW", settings)) {
                progress.line("ingest: warm-up (20 batches to the node and to the raw store, not measured)");
                Prepared warm = prepare(source.chunk(-1, 20 * Scale.BATCH), "WARMUP", canonicalizer, null);
                Loader.putCase(node, "WARMUP", PeerBench.GROUP);
                Loader.load(node, warm.nodeBatches);
                for (RawStore.Batch b : warm.rawBatches) {
                    raw.write(b);
                }
                long nextCheckpoint = scale.firstCheckpoint();
                for (long chunk = 0; generated < scale.storeValues(); chunk++) {
                    // Chunks end exactly at the checkpoints.
                    int n = (int) Math.min(CHUNK, Math.min(nextCheckpoint, scale.storeValues()) - generated);
                    String caseId = "BENCH-" + chunk;
                    long g = System.nanoTime();
                    List<Indicator> indicators = source.chunk(chunk, n);
                    genNanos += System.nanoTime() - g;
                    generated += n;
                    Prepared p = prepare(indicators, caseId, canonicalizer, sample);
                    refused += p.refused;
                    Loader.putCase(node, caseId, PeerBench.GROUP);
                    long nodeT;
                    long rawT;
                    // Alternate which goes first so neither always meets the other's background compaction.
                    if (chunk % 2 == 0) {
                        nodeT = timeNode(node, p);
                        rawT = timeRaw(raw, p);
                    } else {
                        rawT = timeRaw(raw, p);
                        nodeT = timeNode(node, p);
                    }
                    stored += p.lastResponse.getStored();
                    nodeNanos += nodeT;
                    rawNanos += rawT;
                    sent += p.valid;
                    chunkRatios.add((double) rawT / nodeT);
                    chunks.add(new long[] {p.valid, nodeT, rawT});
                    progress.tick(
                            "ingest: %,d/%,d indicators; node %,.0f/s, raw %,.0f/s so far",
                            generated, scale.storeValues(), sent / (nodeNanos / 1e9), sent / (rawNanos / 1e9));
                    if (generated >= nextCheckpoint) {
                        checkpoint(node, sample, generated);
                        nextCheckpoint = nextCheckpoint == scale.storeValues() ? Long.MAX_VALUE : scale.storeValues();
                    }
                }
                rawKeys = raw.countKeys();
            }
            double nodeRate = sent / (nodeNanos / 1e9);
            double rawRate = sent / (rawNanos / 1e9);
            progress.line("ingest: done, node %,.0f/s, raw %,.0f/s", nodeRate, rawRate);
            if (ingest) {
                double[] ratios =
                        chunkRatios.stream().mapToDouble(Double::doubleValue).toArray();
                results.add(new Result(
                        "1 ingest",
                        "indicators/s, LoadIndicators over mTLS, synced batches of 1,000",
                        nodeRate,
                        "/s",
                        "raw RocksDB WriteBatch, same group commit",
                        rawRate,
                        ">= 150,000/s and >= 0.5x raw",
                        nodeRate >= 150_000 && nodeRate / rawRate >= 0.5,
                        String.format(
                                "%,d indicators (%,d refused by the generator check), %,d stored,"
                                        + " %,d distinct keys (the warm-up's included); median per-chunk ratio %.2f",
                                sent, refused, stored, rawKeys, Stats.median(ratios))));
                growth(chunks);
                results.add(Result.info(
                        "1 ingest",
                        "sample generation (not timed in ingest)",
                        generated / (genNanos / 1e9),
                        "values/s",
                        "SampleValues, one thread"));
            }
            if (scaling) {
                reportScale();
            }
            if (local) {
                localLookups(node, sample);
            }
        }
    }

    /**
     * The node's ingest rate over the last tenth of the indicators, when the store is nearly full, against the
     * first tenth, and the raw baseline's over the same chunks: one overall rate hides a node that slows down
     * as its store grows (docs/benchmarks-history.md, "Ingest as the store grows").
     */
    private void growth(List<long[]> chunks) {
        long total = chunks.stream().mapToLong(c -> c[0]).sum();
        long tenth = Math.max(1, total / 10);
        long[] first = sum(chunks, tenth);
        List<long[]> newestFirst = new ArrayList<>(chunks);
        Collections.reverse(newestFirst);
        long[] last = sum(newestFirst, tenth);
        double firstRate = first[0] / (first[1] / 1e9);
        double lastRate = last[0] / (last[1] / 1e9);
        results.add(new Result(
                "1 ingest",
                String.format("indicators/s over the last %,d indicators", last[0]),
                lastRate,
                "/s",
                String.format("over the first %,d", first[0]),
                firstRate,
                "(reported)",
                null,
                String.format(
                        "the same chunks raw: %,.0f/s last, %,.0f/s first",
                        last[0] / (last[2] / 1e9), first[0] / (first[2] / 1e9))));
    }

    /** Totals of whole chunks from the start of {@code chunks} until at least {@code indicators} are covered. */
    private static long[] sum(List<long[]> chunks, long indicators) {
        long[] total = new long[3];
        for (long[] c : chunks) {
            if (total[0] >= indicators) {
                break;
            }
            for (int i = 0; i < 3; i++) {
                total[i] += c[i];
            }
        }
        return total;
    }

    private long timeNode(BenchNode node, Prepared p) throws Exception {
        long t = System.nanoTime();
        p.lastResponse = Loader.load(node, p.nodeBatches);
        return System.nanoTime() - t;
    }

    /**
     * The raw baseline writes exactly as the node does: each batch through the same group commit, as many
     * batches ahead of the disk as LoadIndicators reads ahead, so the ratio is the node's own work.
     */
    private static long timeRaw(RawStore raw, Prepared p) throws Exception {
        long t = System.nanoTime();
        ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        for (RawStore.Batch b : p.rawBatches) {
            if (inFlight.size() == RAW_AHEAD) {
                RocksStore.awaitDurable(inFlight.poll());
            }
            inFlight.add(raw.writeThenSync(b));
        }
        while (!inFlight.isEmpty()) {
            RocksStore.awaitDurable(inFlight.poll());
        }
        return System.nanoTime() - t;
    }

    /** Batches the node's LoadIndicators reads ahead of the disk (BulkLoad.AHEAD). */
    static final int RAW_AHEAD = 4;

    /** One chunk made ready for both sides: node messages, and the keys and values the node would store. */
    private static final class Prepared {
        List<AddIndicatorsRequest> nodeBatches;
        List<RawStore.Batch> rawBatches = new ArrayList<>();
        int valid;
        int refused;
        AddIndicatorsResponse lastResponse;
    }

    private static Prepared prepare(
            List<Indicator> indicators, String caseId, Canonicalizer canonicalizer, QuerySample sample) {
        Prepared p = new Prepared();
        Timestamp now = Timestamps.fromMillis(System.currentTimeMillis());
        List<Indicator> valid = new ArrayList<>(indicators.size());
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        List<byte[]> caseKeys = new ArrayList<>();
        for (Indicator i : indicators) {
            CanonicalValue cv;
            try {
                cv = canonicalizer.canonicalize(i.getType(), i.getValue());
            } catch (InvalidIndicatorException e) {
                p.refused++;
                continue;
            }
            valid.add(i);
            byte[] key = Keys.indicator(cv.type(), cv.value());
            keys.add(key);
            values.add(IndicatorRecords.encode(List.of(i.toBuilder()
                    .setType(cv.type())
                    .setValue(cv.value())
                    .setCaseId(caseId)
                    .setRecordedAt(now)
                    .build())));
            caseKeys.add(Keys.caseIndicator(caseId, cv.type(), cv.value()));
            if (sample != null) {
                sample.offer(i.getType(), i.getValue(), key);
            }
            if (keys.size() == Scale.BATCH) {
                p.rawBatches.add(new RawStore.Batch(keys, values, caseKeys));
                keys = new ArrayList<>();
                values = new ArrayList<>();
                caseKeys = new ArrayList<>();
            }
        }
        if (!keys.isEmpty()) {
            p.rawBatches.add(new RawStore.Batch(keys, values, caseKeys));
        }
        p.valid = valid.size();
        p.nodeBatches = Loader.batches(caseId, valid);
        return p;
    }

    private void checkpoint(BenchNode node, QuerySample sample, long values) throws Exception {
        if (!scaling) {
            return;
        }
        progress.line("scale: %,d indicators stored; waiting for flushes and compactions to settle", values);
        long disk = SystemProbe.settledDiskBytes(node.home.dataDir(), 3_000, 120_000);
        long heap = SystemProbe.heapUsedAfterGc();
        long rss = SystemProbe.residentBytes();
        List<List<QuerySample.Query>> batches = sample.batches(scale.lookupBatchesPerRound(), Scale.BATCH, values);
        var requests = batches.stream().map(QuerySample::localRequest).toList();
        var cases = node.node().cases();
        Rounds r = Rounds.measure(
                progress,
                "scale lookups at " + values,
                scale.lookupRounds(),
                requests.size(),
                Scale.BATCH,
                i -> cases.lookupLocalSerialized(requests.get(i)));
        double probe = MachineSpeed.probeMillis();
        var store = node.node().store();
        double cache = store.blockCacheUsage();
        double sst = store.longProperty(ColumnFamily.INDICATORS, "rocksdb.total-sst-files-size");
        progress.line(
                "scale: %,d indicators: data %s, RSS %s, heap %s, lookup p50 %.2f ms p99 %.2f ms,"
                        + " block cache in use %s, indicators SST files %s, machine probe %.1f ms",
                values,
                SystemProbe.bytes(disk),
                SystemProbe.bytes(rss),
                SystemProbe.bytes(heap),
                r.p50(),
                r.p99(),
                SystemProbe.bytes((long) cache),
                SystemProbe.bytes((long) sst),
                probe);
        checkpoints.add(new Checkpoint(values, disk, rss, heap, r, cache, sst, probe));
    }

    private void reportScale() {
        if (checkpoints.size() < 2) {
            return;
        }
        Checkpoint a = checkpoints.get(0);
        Checkpoint b = checkpoints.get(checkpoints.size() - 1);
        String at = "at " + human(b.values());
        String base = "at " + human(a.values());
        for (Checkpoint c : List.of(a, b)) {
            results.add(Result.info(
                    "5 scale",
                    "data folder at " + human(c.values()),
                    c.diskBytes() / 1048576.0,
                    "MiB",
                    String.format(
                            "%.0f bytes/indicator, after flushes/compactions settled",
                            (double) c.diskBytes() / c.values())));
            results.add(Result.info(
                    "5 scale",
                    "process RSS at " + human(c.values()),
                    c.rssBytes() / 1048576.0,
                    "MiB",
                    String.format(
                            "whole JVM (node + benchmark client + sample); heap after GC %s",
                            SystemProbe.bytes(c.heapBytes()))));
        }
        String cache = String.format(
                "block cache in use %s (store.block_cache_mb %,d), indicators SST files %s",
                SystemProbe.bytes((long) b.cacheBytes()), blockCacheMb(scale.storeValues()), SystemProbe.bytes((long)
                        b.indicatorsSstBytes()));
        results.add(new Result(
                "5 scale",
                "lookup p50, batch of 1,000, in-process " + at,
                b.lookups().p50(),
                "ms",
                base,
                a.lookups().p50(),
                "<= 1.5x (flat)",
                b.lookups().p50() <= 1.5 * a.lookups().p50(),
                cache));
        // Reported beside the verdict, not folded into it: the lookups are judged as measured.
        String machine = String.format(
                "machine probe (fixed memory reads and hashing, MachineSpeed) %.1f ms %s"
                        + " against %.1f ms %s: %.2fx",
                b.machineProbeMillis(),
                at,
                a.machineProbeMillis(),
                base,
                b.machineProbeMillis() / a.machineProbeMillis());
        results.add(new Result(
                "5 scale",
                "lookup p99, batch of 1,000, in-process " + at,
                b.lookups().p99(),
                "ms",
                base,
                a.lookups().p99(),
                "<= 1.5x (flat)",
                b.lookups().p99() <= 1.5 * a.lookups().p99(),
                machine));
    }

    static String human(long n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) {
            return (n / 1_000_000) + "M";
        }
        if (n >= 1_000 && n % 1_000 == 0) {
            return (n / 1_000) + "k";
        }
        return Long.toString(n);
    }

    /**
     * Both sides must find every queried value before they are timed: a node answering misses, or a baseline
     * reading keys the node does not hold, would make the ratio measure something else.
     */
    private static void requireEveryValueFound(LookupLocalResponse node, int rawFound, int asked) {
        long nodeFound = node.getResultsList().stream()
                .filter(r -> r.getIndicatorsCount() > 0)
                .count();
        if (nodeFound != asked || rawFound != asked) {
            throw new IllegalStateException(String.format(
                    "local lookup: of %d stored values the node found %d and the"
                            + " raw multiGet %d; the benchmark would not compare the same reads",
                    asked, nodeFound, rawFound));
        }
    }

    private void localLookups(BenchNode node, QuerySample sample) throws Exception {
        List<List<QuerySample.Query>> batches = sample.batches(scale.lookupBatchesPerRound(), Scale.BATCH, 7);
        var requests = batches.stream().map(QuerySample::localRequest).toList();
        var keys = batches.stream().map(QuerySample::keys).toList();
        var cases = node.node().cases();
        // The node's lookups and the raw reads must meet the same store: not one still flushing and compacting
        // what the ingest wrote (an --only local run comes straight from it) while the other finds it settled.
        progress.line("local lookup: waiting for the node's flushes and compactions to settle");
        SystemProbe.settledDiskBytes(node.home.dataDir(), 3_000, 120_000);
        RawStore direct = RawStore.of(node.node().store());
        String levels = direct.levels();
        progress.line("local lookup: node's INDICATORS levels: %s", levels);
        results.context("indicators_levelstats", levels);
        progress.line(
                "local lookup: %d rounds of %d batches of %,d stored values, alternating with the raw multiGet",
                scale.lookupRounds(), requests.size(), Scale.BATCH);
        // In-process, the answer as the national service sends it (records as stored, serialized by the node),
        // in rounds alternating with the raw multiGet of the same keys through the node's own open RocksDB: the
        // same memtables, files and block cache at the same moment.
        requireEveryValueFound(
                cases.lookupLocal(requests.get(0)),
                direct.multiGet(keys.get(0)),
                keys.get(0).size());
        Rounds[] paired = Rounds.pair(
                progress,
                "local lookup in-process",
                "local lookup raw multiGet",
                scale.lookupRounds(),
                requests.size(),
                Scale.BATCH,
                1,
                i -> cases.lookupLocalSerialized(requests.get(i)),
                i -> direct.multiGet(keys.get(i)));
        Rounds inProcess = paired[0];
        Rounds raw = paired[1];
        Rounds asMessages = Rounds.measure(
                progress,
                "local lookup in-process, as messages",
                scale.lookupRounds(),
                requests.size(),
                Scale.BATCH,
                i -> cases.lookupLocal(requests.get(i)));
        Rounds grpc = Rounds.measure(
                progress,
                "local lookup over mTLS",
                scale.lookupRounds(),
                requests.size(),
                Scale.BATCH,
                i -> node.analyst().lookupLocal(requests.get(i)));
        String size = human(scale.storeValues());
        results.add(new Result(
                "2 local lookup",
                "values/s, CaseService.lookupLocalSerialized in-process, store " + size,
                inProcess.medianRate(),
                "/s",
                "raw multiGetAsList, same open store",
                raw.medianRate(),
                ">= 0.5x raw",
                inProcess.medianRate() / raw.medianRate() >= 0.5,
                "the answer as the national service sends it;"
                        + " rounds alternating with the raw multiGet's in the node's open store; median of rounds; "
                        + inProcess.spread()
                        + String.format("; batch p50 %.2f ms p99 %.2f ms", inProcess.p50(), inProcess.p99())));
        results.add(new Result(
                "2 local lookup",
                "values/s, CaseService.lookupLocal in-process (answer as messages), store " + size,
                asMessages.medianRate(),
                "/s",
                "raw multiGetAsList, same open store",
                raw.medianRate(),
                "(reported)",
                null,
                "every record decoded into a message, as an in-process caller gets it; median of rounds; "
                        + asMessages.spread()
                        + String.format("; batch p50 %.2f ms p99 %.2f ms", asMessages.p50(), asMessages.p99())));
        results.add(new Result(
                "2 local lookup",
                "values/s, LookupLocal over mTLS, store " + size,
                grpc.medianRate(),
                "/s",
                "raw multiGetAsList, same open store",
                raw.medianRate(),
                "(reported)",
                null,
                "median of rounds; " + grpc.spread()
                        + String.format("; batch p50 %.2f ms p99 %.2f ms", grpc.p50(), grpc.p99())));
    }
}
