package org.jaring.bench;

import com.google.protobuf.util.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jaring.cli.demo.data.SampleValues;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;

/**
 * Reproducible indicators in a realistic mix (mostly domains, URLs, IPs and hashes; some wallets, phones,
 * e-mails, IBANs), raw spellings from {@link SampleValues}. Chunk {@code n} of a seed is always the same, so
 * any chunk can be made again without keeping the others.
 */
public final class IndicatorSource {
    private static final IndicatorType[] TYPES;
    private static final String[] COUNTRIES = {"TH", "MY", "SG", "ID", "PH", "VN", "KH"};
    private static final long FIRST_SEEN = Timestamps.toMillis(Timestamps.parseUnchecked("2026-01-01T00:00:00Z"));

    static {
        // Weights per 100: domains 26, URLs 24, IPv4 14, IPv6 3, SHA-256 8, MD5 4, SHA-1 3, wallets 5,
        // phones 4, e-mails 5, IBANs 2, handles 2.
        List<IndicatorType> mix = new ArrayList<>();
        add(mix, IndicatorType.INDICATOR_TYPE_DOMAIN, 26);
        add(mix, IndicatorType.INDICATOR_TYPE_URL, 24);
        add(mix, IndicatorType.INDICATOR_TYPE_IPV4, 14);
        add(mix, IndicatorType.INDICATOR_TYPE_IPV6, 3);
        add(mix, IndicatorType.INDICATOR_TYPE_SHA256, 8);
        add(mix, IndicatorType.INDICATOR_TYPE_MD5, 4);
        add(mix, IndicatorType.INDICATOR_TYPE_SHA1, 3);
        add(mix, IndicatorType.INDICATOR_TYPE_WALLET, 5);
        add(mix, IndicatorType.INDICATOR_TYPE_PHONE, 4);
        add(mix, IndicatorType.INDICATOR_TYPE_EMAIL, 5);
        add(mix, IndicatorType.INDICATOR_TYPE_IBAN, 2);
        add(mix, IndicatorType.INDICATOR_TYPE_HANDLE, 2);
        TYPES = mix.toArray(IndicatorType[]::new);
    }

    static final String MIX = "domain 26%, url 24%, ipv4 14%, ipv6 3%, sha256 8%, md5 4%, sha1 3%, wallet 5%,"
            + " phone 4%, email 5%, iban 2%, handle 2%";

    private final long seed;

    public IndicatorSource(long seed) {
        this.seed = seed;
    }

    private static void add(List<IndicatorType> mix, IndicatorType t, int weight) {
        for (int i = 0; i < weight; i++) {
            mix.add(t);
        }
    }

    /** {@code count} indicators of chunk {@code n}, in raw (often non-canonical) spellings. */
    public List<Indicator> chunk(long n, int count) {
        SampleValues values = new SampleValues(seed * 1_000_003L + n);
        Random pick = new Random(seed ^ (n * 0x9E3779B97F4A7C15L));
        List<Indicator> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            IndicatorType type = TYPES[pick.nextInt(TYPES.length)];
            out.add(Indicator.newBuilder()
                    .setType(type)
                    .setValue(values.next(type, COUNTRIES[pick.nextInt(COUNTRIES.length)]))
                    .setConfidence(50 + pick.nextInt(50))
                    .addOffences(Offence.OFFENCE_FRAUD)
                    .setFirstSeen(Timestamps.fromMillis(FIRST_SEEN + pick.nextInt(300) * 86_400_000L))
                    .build());
        }
        return out;
    }
}
