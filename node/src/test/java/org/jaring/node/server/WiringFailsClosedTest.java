package org.jaring.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.TlsSettings;
import org.jaring.core.trust.TrustDecisionListener;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.node.admin.TrustAdministration;
import org.jaring.node.api.AdminGrpcService;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.audit.AuditTrustListener;
import org.jaring.node.audit.DiscardingAuditLog;
import org.jaring.node.audit.RefusedHandshakes;
import org.jaring.node.cases.CaseService;
import org.jaring.node.correlate.Correlator;
import org.jaring.node.federation.FederatedLookup;
import org.jaring.node.federation.FeedBatchVerifier;
import org.jaring.node.federation.FeedSync;
import org.jaring.node.federation.PeerAnswerCheck;
import org.jaring.node.federation.PeerAnswerRules;
import org.jaring.node.federation.TrustedPeerChannels;
import org.jaring.node.ops.Backups;
import org.jaring.node.ops.LookupMetrics;
import org.jaring.node.share.FeedResponder;
import org.jaring.node.share.PeerLookupResponder;
import org.jaring.node.sighting.SightingService;
import org.jaring.node.signing.AnswerSigner;
import org.jaring.node.signing.AnswerVerifier;
import org.jaring.node.signing.NodeSigner;
import org.jaring.node.signing.SignedFeedBatches;
import org.jaring.node.signing.SignedSightings;
import org.jaring.node.store.AlertTable;
import org.jaring.node.store.CaseTable;
import org.jaring.node.store.DisclosureTable;
import org.jaring.node.store.IndicatorTable;
import org.jaring.node.store.OutboxTable;
import org.jaring.node.store.PeerCacheTable;
import org.jaring.node.store.RocksStore;
import org.jaring.node.store.SightingTable;
import org.jaring.node.warninglist.Warninglists;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.LookupMode;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.ReportSightingsResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's security collaborators (signers, verifiers, the audit log) are constructor arguments, and a
 * component built without one does not start: it throws at once, naming the missing argument, instead of
 * running unsigned, unchecked or unrecorded. No component keeps such a collaborator in a field that could be
 * changed after construction. That {@link JaringNode} passes the real ones: {@link AssembledNodeSignsAndVerifiesTest}.
 */
class WiringFailsClosedTest {
    private static final Clock CLOCK = Clock.systemUTC();
    /** Types whose instances decide whether something is signed, checked or recorded, or that count it. */
    private static final Set<Class<?>> COLLABORATORS = Set.of(
            AuditLog.class,
            NodeSigner.class,
            AnswerSigner.class,
            AnswerVerifier.class,
            FeedBatchVerifier.class,
            PeerAnswerCheck.class,
            TrustVerifier.class,
            KeySource.class,
            Backups.class,
            MeterRegistry.class,
            LookupMetrics.class,
            CaseService.Enrichment.class);

    @TempDir
    Path dir;

    private RocksStore store;
    private TrustStore trust;
    private KeySource keys;
    private TrustedPeerChannels channels;
    private CaseService cases;
    private IndicatorTable indicators;
    private final MeterRegistry metrics = new SimpleMeterRegistry();
    private final ContactPoint contact =
            ContactPoint.newBuilder().setUnit("cyber desk").build();

    @BeforeEach
    void open() throws IOException {
        NationalCa ca = NationalCa.create(NodeId.of("TH-CCIB"));
        keys = KeySource.of(ca.issueNode(Duration.ofDays(1)));
        trust = TrustStore.create(dir.resolve("trust"), NodeId.of("TH-CCIB"), ca.certificate(), CLOCK);
        store = RocksStore.open(dir.resolve("data"), "TH-CCIB", StoreSettings.defaults());
        channels = new TrustedPeerChannels(
                trust,
                keys,
                new TrustVerifier(trust, CLOCK, TrustDecisionListener.NONE),
                TlsSettings.of(TlsSettings.Provider.JDK),
                4 << 20,
                metrics);
        indicators = new IndicatorTable(store);
        cases = new CaseService(
                "TH-CCIB",
                new CaseTable(store),
                indicators,
                new Canonicalizer("TH"),
                1000,
                CaseService.Enrichment.NONE,
                DiscardingAuditLog.INSTANCE,
                CLOCK);
    }

    @AfterEach
    void close() {
        channels.close();
        store.close();
    }

    @Test
    void peerAnswersAreNeverUnsignedOrUnrecorded() {
        DisclosureTable disclosures = new DisclosureTable(store);
        LookupMetrics lookups = LookupMetrics.of(metrics);
        assertThatNullPointerException()
                .isThrownBy(() -> new PeerLookupResponder(
                        "TH-CCIB",
                        cases,
                        indicators,
                        disclosures,
                        contact,
                        CLOCK,
                        lookups,
                        DiscardingAuditLog.INSTANCE,
                        null))
                .withMessage("seal");
        assertThatNullPointerException()
                .isThrownBy(() -> new PeerLookupResponder(
                        "TH-CCIB",
                        cases,
                        indicators,
                        disclosures,
                        contact,
                        CLOCK,
                        lookups,
                        null,
                        new AnswerSigner(keys)))
                .withMessage("audit");
        assertThatNullPointerException()
                .isThrownBy(() -> new AnswerSigner(null))
                .withMessage("keys");
        assertThatNullPointerException().isThrownBy(() -> new NodeSigner(null)).withMessage("keys");
    }

    @Test
    void feedBatchesAreNeverSentUnsignedNorAppliedUnchecked() {
        assertThatNullPointerException()
                .isThrownBy(() -> new FeedResponder("TH-CCIB", cases, indicators, contact, CLOCK, null))
                .withMessage("signer");
        assertThatNullPointerException()
                .isThrownBy(() -> SignedFeedBatches.sign(null, new byte[32], 0, FeedBatch.newBuilder()))
                .withMessage("signer");
        assertThatNullPointerException()
                .isThrownBy(() -> new FeedBatchVerifier(null, DiscardingAuditLog.INSTANCE))
                .withMessage("trust");
        assertThatNullPointerException()
                .isThrownBy(() -> new FeedBatchVerifier(trust::snapshot, null))
                .withMessage("audit");

        PeerCacheTable cache = new PeerCacheTable(store);
        Correlator correlator =
                new Correlator("TH-CCIB", indicators, cache, new AlertTable(store), Warninglists.none(), CLOCK);
        FeedBatchVerifier verifier = new FeedBatchVerifier(trust::snapshot, DiscardingAuditLog.INSTANCE);
        assertThatNullPointerException()
                .isThrownBy(() -> new FeedSync(
                        channels, cache, correlator, null, 50, 4 << 20, Duration.ofHours(1), CLOCK, metrics, List.of()))
                .withMessage("verifier");
        assertThatNullPointerException()
                .isThrownBy(() -> new FeedSync(
                        channels,
                        cache,
                        correlator,
                        verifier,
                        50,
                        4 << 20,
                        Duration.ofHours(1),
                        CLOCK,
                        null,
                        List.of()))
                .withMessage("metrics");
    }

    @Test
    void federatedLookupsAreNeverUnrecordedNorTheirAnswersUnchecked() {
        DisclosureTable disclosures = new DisclosureTable(store);
        PeerAnswerCheck answers =
                new PeerAnswerCheck(trust::snapshot, new AnswerVerifier(CLOCK), new PeerAnswerRules(100, 1000));
        assertThatNullPointerException()
                .isThrownBy(() -> federatedLookup(disclosures, null, answers, trust::snapshot))
                .withMessage("audit");
        assertThatNullPointerException()
                .isThrownBy(() -> federatedLookup(disclosures, DiscardingAuditLog.INSTANCE, null, trust::snapshot))
                .withMessage("answers");
        // Without the trust store a blind evaluation's signature could not be checked before tags are sent.
        assertThatNullPointerException()
                .isThrownBy(() -> federatedLookup(disclosures, DiscardingAuditLog.INSTANCE, answers, null))
                .withMessage("trust");
        assertThatNullPointerException()
                .isThrownBy(() -> new PeerAnswerCheck(trust::snapshot, null, new PeerAnswerRules(100, 1000)))
                .withMessage("signatures");
    }

    /** A FederatedLookup with this test's collaborators and the three security ones given. */
    private FederatedLookup federatedLookup(
            DisclosureTable disclosures, AuditLog audit, PeerAnswerCheck answers, Supplier<TrustSnapshot> trustStore) {
        return new FederatedLookup(
                "TH-CCIB",
                cases,
                indicators,
                disclosures,
                channels,
                contact,
                Duration.ofSeconds(5),
                CLOCK,
                audit,
                answers,
                LookupMetrics.of(metrics),
                LookupMode.LOOKUP_MODE_PLAIN,
                trustStore,
                new AnswerVerifier(CLOCK),
                new org.jaring.node.federation.BlindKeyPins(store));
    }

    @Test
    void sightingsAreNeverUnsignedUncheckedOrUnrecorded() {
        SightingTable received = new SightingTable(store);
        OutboxTable outbox = new OutboxTable(store);
        NodeSigner signer = new NodeSigner(keys);
        assertThatNullPointerException()
                .isThrownBy(() -> new SightingService(
                        "TH-CCIB",
                        cases,
                        indicators,
                        received,
                        outbox,
                        channels,
                        true,
                        null,
                        trust::snapshot,
                        DiscardingAuditLog.INSTANCE,
                        CLOCK))
                .withMessage("signer");
        assertThatNullPointerException()
                .isThrownBy(() -> new SightingService(
                        "TH-CCIB",
                        cases,
                        indicators,
                        received,
                        outbox,
                        channels,
                        true,
                        signer,
                        null,
                        DiscardingAuditLog.INSTANCE,
                        CLOCK))
                .withMessage("trust");
        assertThatNullPointerException()
                .isThrownBy(() -> new SightingService(
                        "TH-CCIB",
                        cases,
                        indicators,
                        received,
                        outbox,
                        channels,
                        true,
                        signer,
                        trust::snapshot,
                        null,
                        CLOCK))
                .withMessage("audit");
        assertThatNullPointerException()
                .isThrownBy(() -> SignedSightings.sign(null, "MY-PDRM", ReportSightingsRequest.newBuilder()))
                .withMessage("signer");
        assertThatNullPointerException()
                .isThrownBy(() -> SignedSightings.sign(null, new byte[0], ReportSightingsResponse.newBuilder()))
                .withMessage("signer");
    }

    @Test
    void trustChangesBackupsAndConnectionsAreNeverUnrecorded() {
        assertThatNullPointerException()
                .isThrownBy(() -> new TrustAdministration(trust, channels, h -> h, null))
                .withMessage("audit");
        assertThatNullPointerException()
                .isThrownBy(() -> new Backups("TH-CCIB", store, trust, null, CLOCK, null, new SecureRandom()))
                .withMessage("audit");
        assertThatNullPointerException()
                .isThrownBy(() -> new Backups("TH-CCIB", store, trust, null, CLOCK, DiscardingAuditLog.INSTANCE, null))
                .withMessage("random");
        Backups backups =
                new Backups("TH-CCIB", store, trust, null, CLOCK, DiscardingAuditLog.INSTANCE, new SecureRandom());
        TrustAdministration administration =
                new TrustAdministration(trust, channels, h -> h, DiscardingAuditLog.INSTANCE);
        assertThatNullPointerException()
                .isThrownBy(() -> new AdminGrpcService(administration, null, () -> null, () -> null))
                .withMessage("backups");
        assertThatNullPointerException()
                .isThrownBy(() -> new RefusedHandshakes(null, CLOCK, Duration.ofMinutes(1)))
                .withMessage("audit");
        assertThatNullPointerException()
                .isThrownBy(() -> new AuditTrustListener(null, null))
                .withMessage("audit");
        assertThat(new AdminGrpcService(administration, backups, () -> null, () -> null))
                .isNotNull();
    }

    @Test
    void aCaseServiceIsBuiltWithItsEnrichment() {
        assertThatNullPointerException()
                .isThrownBy(() -> new CaseService(
                        "TH-CCIB",
                        new CaseTable(store),
                        indicators,
                        new Canonicalizer("TH"),
                        1000,
                        null,
                        DiscardingAuditLog.INSTANCE,
                        CLOCK))
                .withMessage("enrichment");
    }

    /**
     * Every field of a node class that holds a signer, a verifier, the audit log, the keys or the metrics is final:
     * set by the constructor, never afterwards by a setter.
     */
    @Test
    void noComponentCanHaveASecurityCollaboratorReplacedAfterConstruction() throws Exception {
        Path classes = Path.of(JaringNode.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> open = new ArrayList<>();
        int checked = 0;
        for (Class<?> type : nodeClasses(classes)) {
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || !COLLABORATORS.contains(f.getType())) {
                    continue;
                }
                checked++;
                if (!Modifier.isFinal(f.getModifiers())) {
                    open.add(type.getName() + "." + f.getName());
                }
            }
        }
        assertThat(checked).as("the scan found the node's collaborator fields").isGreaterThan(20);
        assertThat(open).as("collaborator fields that are not final").isEmpty();
    }

    private static List<Class<?>> nodeClasses(Path classes) throws IOException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class")
                    && !p.getFileName().toString().endsWith("-info.class"))::iterator) {
                String name = classes.relativize(f)
                        .toString()
                        .replace(f.getFileSystem().getSeparator(), ".");
                out.add(Class.forName(
                        name.substring(0, name.length() - ".class".length()),
                        false,
                        WiringFailsClosedTest.class.getClassLoader()));
            }
        }
        return out;
    }
}
