package org.jaring.bench.micro;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.core.indicator.InvalidIndicatorException;
import org.jaring.v1.IndicatorType;
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

/**
 * The canonical form of one value, per type, as analysts and feeds spell them: the stage that is about half
 * of a local lookup and a third of a peer's answer (docs/benchmarks.md). The baseline is the floor any form
 * needs, stripping and lower-casing the same string.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CanonicalFormBenchmark {
    @Param({"domain", "domain-idn", "url", "url-defanged", "ipv4", "ipv6", "email", "phone", "wallet", "sha256"})
    public String kind;

    private IndicatorType type;
    private String raw;
    private final Canonicalizer canonicalizer = new Canonicalizer("TH");

    @Setup
    public void setUp() throws InvalidIndicatorException {
        switch (kind) {
            case "domain" -> set(IndicatorType.INDICATOR_TYPE_DOMAIN, "Parcel-Redelivery.Asean-Post.co.th");
            case "domain-idn" -> set(IndicatorType.INDICATOR_TYPE_DOMAIN, "xn--80ak6aa92e.com");
            case "url" ->
                set(IndicatorType.INDICATOR_TYPE_URL, "https://Login.Example-Bank.com/verify?id=8841&lang=th");
            case "url-defanged" -> set(IndicatorType.INDICATOR_TYPE_URL, "hxxps://login[.]example-bank[.]com/verify");
            case "ipv4" -> set(IndicatorType.INDICATOR_TYPE_IPV4, "203.0.113.77");
            case "ipv6" -> set(IndicatorType.INDICATOR_TYPE_IPV6, "2001:DB8:0:0:8:800:200C:417A");
            case "email" -> set(IndicatorType.INDICATOR_TYPE_EMAIL, "Refund.Desk@Asean-Post-Support.com");
            case "phone" -> set(IndicatorType.INDICATOR_TYPE_PHONE, "+66 81 234 5678");
            case "wallet" -> set(IndicatorType.INDICATOR_TYPE_WALLET, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
            case "sha256" ->
                set(
                        IndicatorType.INDICATOR_TYPE_SHA256,
                        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855");
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
        canonicalizer.canonicalize(type, raw); // a value the node refuses would measure the refusal
    }

    private void set(IndicatorType t, String value) {
        type = t;
        raw = value;
    }

    @Benchmark
    public CanonicalValue canonicalForm() throws InvalidIndicatorException {
        return canonicalizer.canonicalize(type, raw);
    }

    @Benchmark
    public String baselineStripLowercase() {
        return raw.strip().toLowerCase(Locale.ROOT);
    }
}
