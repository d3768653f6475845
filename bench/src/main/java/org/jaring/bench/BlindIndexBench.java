package org.jaring.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jaring.core.config.StoreSettings;
import org.jaring.node.share.blind.BlindKeys;
import org.jaring.node.share.blind.TagIndex;
import org.jaring.node.store.BlindTagTable;
import org.jaring.node.store.CaseTable;
import org.jaring.node.store.FeedLog;
import org.jaring.node.store.IndicatorTable;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;

/**
 * The holder's blind tag index built for real (docs/blind-lookup.md, "The tag index"): generated indicators, all
 * answerable (TLP:GREEN), in a real store; the index of one key epoch built page by page into its column family
 * exactly as a node builds it at start, on every core. Reports the Evaluates/s, the total time and the family's size
 * on disk. Up to 10M values are built for real (about 20 minutes on two quiet cores of the reference machine at
 * 10M); below 10M, a second row gives the rate multiplied out to 10M, and says it was not run.
 */
final class BlindIndexBench {
    static final long MAX_REAL = 10_000_000;
    private final Scale scale;
    private final Progress progress;
    private final Results results;

    BlindIndexBench(Scale scale, Progress progress, Results results) {
        this.scale = scale;
        this.progress = progress;
        this.results = results;
    }

    void run(Path dir) {
        long n = Math.min(scale.storeValues(), MAX_REAL);
        int threads = Runtime.getRuntime().availableProcessors();
        try (RocksStore store = RocksStore.open(dir, "BENCH-INDEX", StoreSettings.defaults())) {
            CaseTable cases = new CaseTable(store);
            cases.put(
                    Case.newBuilder()
                            .setCaseId("BENCH-1")
                            .setTitle("blind index bench")
                            .addOffences(Offence.OFFENCE_FRAUD)
                            .setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN))
                            .build(),
                    true);
            IndicatorTable indicators = new IndicatorTable(store, new FeedLog(store));
            IndicatorSource source = new IndicatorSource(StoreBench.SEED + 2828);
            progress.line("blind-index: loading %,d generated indicators", n);
            for (long at = 0; at < n; at += 10_000) {
                List<Indicator> chunk = new ArrayList<>();
                for (Indicator i : source.chunk(at, (int) Math.min(10_000, n - at))) {
                    chunk.add(i.toBuilder().setCaseId("BENCH-1").build());
                }
                indicators.put("BENCH-1", chunk);
            }
            byte[] seed = new byte[32];
            new Random(StoreBench.SEED).nextBytes(seed);
            BlindKeys keys = new BlindKeys(seed, Duration.ofDays(7), Clock.systemUTC());
            BlindTagTable table = new BlindTagTable(store);
            try (TagIndex index = new TagIndex(indicators, cases, keys, table, Clock.systemUTC(), threads, 0)) {
                long epoch = keys.currentEpoch();
                progress.line("blind-index: building the tag index of %,d values on %d thread(s)", n, threads);
                long t0 = System.nanoTime();
                long pages = 0;
                while (!index.build(epoch, 100)) {
                    pages += 100;
                    progress.line(
                            "blind-index: %,d pages, %,d evaluations, %.0f s",
                            pages, index.evaluations(), (System.nanoTime() - t0) / 1e9);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long evaluations = index.evaluations();
                double rate = evaluations / seconds;
                long bytes = table.bytesOnDisk();
                results.add(Result.info(
                        "blind-index",
                        String.format("tag index build, %,d indicators, %d thread(s)", n, threads),
                        rate,
                        "Evaluates/s",
                        String.format(
                                "%.0f s in all (scan, evaluate, write); %,d bytes on disk (%.0f per indicator)",
                                seconds, bytes, (double) bytes / Math.max(1, evaluations))));
                if (n >= 10_000_000) {
                    return;
                }
                results.add(Result.info(
                        "blind-index",
                        "tag index build, 10,000,000 indicators (extrapolated)",
                        1e7 / rate,
                        "s",
                        String.format(
                                "the rate above times 10M (%.1f h), not run: linear in the indicators; %,d bytes on"
                                        + " disk at the same bytes per indicator",
                                1e7 / rate / 3600, (long) (1e7 * bytes / Math.max(1, evaluations)))));
            }
        }
    }
}
