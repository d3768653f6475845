package org.jaring.bench.micro;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jaring.bench.IndicatorSource;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.node.cases.CaseService;
import org.jaring.v1.LookupQuery;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first stage of every lookup: {@code CaseService.canonicalQueries} of a batch of 1,000 values in the
 * benchmark's mix of types and spellings ({@link IndicatorSource}), as analysts send them. Where
 * {@link CanonicalFormBenchmark} times one spelling per type, this is the batch a lookup makes canonical,
 * field names and all; microseconds per batch are nanoseconds per value. The baseline strips and lower-cases the
 * same 1,000 strings.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1) // a batch runs every type's code: the JIT needs longer than for one value
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class QueryBatchBenchmark {
    private CaseService cases;
    private List<LookupQuery> batch;

    @Setup
    public void setUp() {
        // Only the canonicalizer and the batch limit are used by canonicalQueries: no store is opened.
        cases = new CaseService(
                "TH-CCIB",
                null,
                null,
                new Canonicalizer("TH"),
                10_000,
                CaseService.Enrichment.NONE,
                (kind, actor, subject, details) -> {}, // canonicalQueries records nothing
                Clock.systemUTC());
        batch = new IndicatorSource(20261128)
                .chunk(0, 1_000).stream()
                        .map(i -> LookupQuery.newBuilder()
                                .setType(i.getType())
                                .setValue(i.getValue())
                                .build())
                        .toList();
        cases.canonicalQueries("queries", batch); // throws if a value is refused: that would time the refusal
    }

    @Benchmark
    public List<CanonicalValue> canonicalQueries() {
        return cases.canonicalQueries("queries", batch);
    }

    @Benchmark
    public int baselineStripLowercase() {
        int length = 0;
        for (LookupQuery q : batch) {
            length += q.getValue().strip().toLowerCase(Locale.ROOT).length();
        }
        return length;
    }
}
