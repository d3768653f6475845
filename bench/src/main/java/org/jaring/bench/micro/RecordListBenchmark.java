package org.jaring.bench.micro;

import com.google.protobuf.util.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jaring.node.store.IndicatorRecords;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One indicator written under a value that {@code cases} cases hold (0: a new value), the case renewing its
 * record when it is one of them: what {@code IndicatorTable.putAsync} does per value, as it does it now
 * ({@link IndicatorRecords#write}: read each record's case and validity, decode at most 20 others for
 * correlation, copy the rest as bytes) and as it did before (decode every record, take the case's out, keep the
 * live others, encode the list again).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordListBenchmark {
    private static final long NOW = Timestamps.toMillis(Timestamps.parseUnchecked("2026-11-29T06:00:00Z"));
    private static final int OTHERS_KEPT = 20;

    @Param({"0", "1", "20", "100"})
    public int cases;

    private byte[] stored;
    private Indicator incoming;

    @Setup
    public void setUp() {
        List<Indicator> records = new ArrayList<>();
        for (int c = 0; c < cases; c++) {
            records.add(record("TH-2026-" + c).toBuilder()
                    .setValidUntil(Timestamps.fromMillis(NOW + 86_400_000L * c))
                    .build());
        }
        stored = IndicatorRecords.encode(records);
        incoming = record("TH-2026-" + cases / 2).toBuilder().setConfidence(90).build();
    }

    private static Indicator record(String caseId) {
        return Indicator.newBuilder()
                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                .setValue("xn--12c1fe0br.co.th")
                .setCaseId(caseId)
                .addOffences(Offence.OFFENCE_FRAUD)
                .addOffences(Offence.OFFENCE_FORGERY)
                .setConfidence(70)
                .setFirstSeen(Timestamps.fromMillis(NOW - 86_400_000L))
                .setLastSeen(Timestamps.fromMillis(NOW))
                .setRecordedAt(Timestamps.fromMillis(NOW))
                .setHandling(Handling.newBuilder().setTlp(Tlp.TLP_AMBER))
                .setNote("seen in SMS lures")
                .build();
    }

    @Benchmark
    public IndicatorRecords.Write indexAndCopy() {
        return IndicatorRecords.write(stored, incoming.getCaseId(), incoming, NOW, OTHERS_KEPT);
    }

    @Benchmark
    public byte[] decodeAndEncodeAll(Blackhole sink) {
        List<Indicator> records = IndicatorRecords.decode(stored);
        Indicator previous = null;
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).getCaseId().equals(incoming.getCaseId())) {
                previous = records.remove(i);
                break;
            }
        }
        List<Indicator> live = new ArrayList<>(records);
        live.removeIf(i -> i.hasValidUntil() && Timestamps.toMillis(i.getValidUntil()) <= NOW);
        records.add(incoming);
        sink.consume(previous);
        sink.consume(live);
        return IndicatorRecords.encode(records);
    }
}
