package org.jaring.cli.demo.data;

import com.google.protobuf.util.Timestamps;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jaring.v1.Audience;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;

/**
 * A reproducible demo dataset: for each member, many cases of random but valid indicators of every type,
 * plus a few planted cross-border stories whose overlaps a federated lookup should reveal. The same seed
 * gives the same data, byte for byte.
 */
public final class DemoDataset {
    /** A case and its indicators, as a member state would enter them. */
    public record CaseBundle(Case caseRecord, List<Indicator> indicators) {}

    /** A value planted in several states' cases, and what a lookup from elsewhere should show. */
    /** {@code keptAtHome}: TLP:RED, so no holder but the asker itself may show a hit. */
    public record Story(
            String title,
            IndicatorType type,
            String value,
            List<String> holders,
            String expectation,
            boolean keptAtHome) {}

    private static final IndicatorType[] TYPES = {
        IndicatorType.INDICATOR_TYPE_IPV4, IndicatorType.INDICATOR_TYPE_IPV6, IndicatorType.INDICATOR_TYPE_CIDR,
        IndicatorType.INDICATOR_TYPE_DOMAIN, IndicatorType.INDICATOR_TYPE_URL, IndicatorType.INDICATOR_TYPE_EMAIL,
        IndicatorType.INDICATOR_TYPE_PHONE, IndicatorType.INDICATOR_TYPE_IBAN,
                IndicatorType.INDICATOR_TYPE_BANK_ACCOUNT,
        IndicatorType.INDICATOR_TYPE_WALLET, IndicatorType.INDICATOR_TYPE_MD5, IndicatorType.INDICATOR_TYPE_SHA1,
        IndicatorType.INDICATOR_TYPE_SHA256, IndicatorType.INDICATOR_TYPE_SHA512, IndicatorType.INDICATOR_TYPE_HANDLE
    };
    private static final Offence[] OFFENCES = {
        Offence.OFFENCE_FRAUD,
        Offence.OFFENCE_FRAUD,
        Offence.OFFENCE_FRAUD,
        Offence.OFFENCE_MISUSE_DEVICES,
        Offence.OFFENCE_ACCESS,
        Offence.OFFENCE_DATA_INTERFERENCE,
        Offence.OFFENCE_LAUNDERING,
        Offence.OFFENCE_SYSTEM_INTERFERENCE
    };
    private static final String[] CASE_KINDS = {
        "Investment scam",
        "Romance scam",
        "Phishing campaign",
        "Call-centre fraud",
        "Ransomware intrusion",
        "Money mule network",
        "Fake parcel SMS",
        "Crypto drainer"
    };
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    public static final String SCAM_WALLET = "ETH:0x52908400098527886E0F7030069857D2E4169EE7";
    public static final String PHISHING_DOMAIN = "asean-parcel-redelivery.com";
    public static final String CALL_CENTRE_PHONE = "+85523955123";
    public static final String RED_EMAIL = "handler.k@protonmail.example";

    private final Map<String, List<CaseBundle>> byNode = new LinkedHashMap<>();
    private final List<Story> stories = new ArrayList<>();

    private DemoDataset() {}

    /** {@code casesPerMember} random cases for each member, then the planted stories. */
    public static DemoDataset generate(List<DemoMember> members, int casesPerMember, long seed) {
        DemoDataset d = new DemoDataset();
        Random random = new Random(seed);
        SampleValues values = new SampleValues(seed);
        for (DemoMember m : members) {
            List<CaseBundle> cases = new ArrayList<>(casesPerMember + 2);
            for (int c = 0; c < casesPerMember; c++) {
                cases.add(randomCase(m, c, random, values));
            }
            d.byNode.put(m.nodeId(), cases);
        }
        d.plantStories();
        return d;
    }

    public Map<String, List<CaseBundle>> casesByNode() {
        return byNode;
    }

    public List<Story> stories() {
        return stories;
    }

    public int indicatorCount() {
        return byNode.values().stream()
                .flatMap(List::stream)
                .mapToInt(b -> b.indicators().size())
                .sum();
    }

    private static CaseBundle randomCase(DemoMember m, int n, Random random, SampleValues values) {
        String caseId = m.country() + "-2026-" + String.format("%05d", n + 1);
        Offence offence = OFFENCES[random.nextInt(OFFENCES.length)];
        Case c = Case.newBuilder()
                .setCaseId(caseId)
                .setTitle(CASE_KINDS[random.nextInt(CASE_KINDS.length)] + " #" + (n + 1))
                .setReference(m.nodeId() + "/" + (1000 + n))
                .addOffences(offence)
                .setDefaultHandling(randomHandling(random))
                .build();
        int count = 3 + random.nextInt(10);
        List<Indicator> indicators = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // Every type appears in every member's data: the first cases cycle through all of them.
            IndicatorType type = n * 13 + i < TYPES.length ? TYPES[n * 13 + i] : TYPES[random.nextInt(TYPES.length)];
            Instant first = EPOCH.plus(random.nextInt(300), ChronoUnit.DAYS);
            indicators.add(Indicator.newBuilder()
                    .setType(type)
                    .setValue(values.next(type, m.country()))
                    .setConfidence(40 + random.nextInt(61))
                    .setFirstSeen(Timestamps.fromMillis(first.toEpochMilli()))
                    .setLastSeen(Timestamps.fromMillis(
                            first.plus(random.nextInt(30), ChronoUnit.DAYS).toEpochMilli()))
                    .build());
        }
        return new CaseBundle(c, indicators);
    }

    /** Mostly shared with everyone, some with the region's groups only, a few kept at home. */
    private static Handling randomHandling(Random random) {
        int r = random.nextInt(20);
        if (r < 12) {
            return Handling.newBuilder().setTlp(Tlp.TLP_GREEN).build();
        }
        if (r < 16) {
            return Handling.newBuilder()
                    .setTlp(Tlp.TLP_AMBER)
                    .setAudience(Audience.newBuilder().addGroups("asean"))
                    .build();
        }
        if (r < 18) {
            return Handling.newBuilder().setTlp(Tlp.TLP_CLEAR).build();
        }
        return Handling.newBuilder().setTlp(Tlp.TLP_RED).build();
    }

    private void plantStories() {
        story(
                "Pig-butchering wallet seen in Thailand and Malaysia",
                IndicatorType.INDICATOR_TYPE_WALLET,
                SCAM_WALLET,
                Offence.OFFENCE_FRAUD,
                Handling.newBuilder().setTlp(Tlp.TLP_GREEN).build(),
                List.of("TH-CCIB", "MY-PDRM"),
                "hits from TH-CCIB and MY-PDRM");
        story(
                "Parcel-redelivery phishing domain in Singapore, Indonesia and the Philippines",
                IndicatorType.INDICATOR_TYPE_DOMAIN,
                PHISHING_DOMAIN,
                Offence.OFFENCE_FRAUD,
                Handling.newBuilder()
                        .setTlp(Tlp.TLP_AMBER)
                        .setAudience(Audience.newBuilder().addGroups("asean"))
                        .build(),
                List.of("SG-SPF", "ID-POLRI", "PH-NBI"),
                "hits from SG-SPF, ID-POLRI and PH-NBI (AMBER, group asean)");
        story(
                "Call-centre fraud number in Cambodia and Viet Nam",
                IndicatorType.INDICATOR_TYPE_PHONE,
                CALL_CENTRE_PHONE,
                Offence.OFFENCE_FRAUD,
                Handling.newBuilder().setTlp(Tlp.TLP_GREEN).build(),
                List.of("KH-CCD", "VN-A05"),
                "hits from KH-CCD and VN-A05");
        story(
                "A handler's address that Singapore keeps at TLP:RED",
                IndicatorType.INDICATOR_TYPE_EMAIL,
                RED_EMAIL,
                Offence.OFFENCE_LAUNDERING,
                Handling.newBuilder().setTlp(Tlp.TLP_RED).build(),
                List.of("SG-SPF"),
                "no hit from any peer: RED never leaves SG-SPF");
    }

    private void story(
            String title,
            IndicatorType type,
            String value,
            Offence offence,
            Handling handling,
            List<String> holders,
            String expectation) {
        List<String> present = new ArrayList<>();
        for (String holder : holders) {
            List<CaseBundle> cases = byNode.get(holder);
            if (cases == null) {
                continue;
            }
            present.add(holder);
            String caseId = holder.substring(0, 2) + "-2026-S" + (stories.size() + 1);
            Case c = Case.newBuilder()
                    .setCaseId(caseId)
                    .setTitle(title)
                    .setReference(holder + "/story-" + (stories.size() + 1))
                    .addOffences(offence)
                    .setDefaultHandling(handling)
                    .build();
            Indicator i = Indicator.newBuilder()
                    .setType(type)
                    .setValue(value)
                    .setConfidence(90)
                    .setFirstSeen(Timestamps.fromMillis(
                            EPOCH.plus(200, ChronoUnit.DAYS).toEpochMilli()))
                    .setLastSeen(Timestamps.fromMillis(
                            EPOCH.plus(320, ChronoUnit.DAYS).toEpochMilli()))
                    .build();
            cases.add(new CaseBundle(c, List.of(i)));
        }
        if (!present.isEmpty()) {
            stories.add(new Story(title, type, value, present, expectation, handling.getTlp() == Tlp.TLP_RED));
        }
    }
}
