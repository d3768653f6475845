package org.jaring.node.server;

import com.google.protobuf.util.Timestamps;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ServerServiceDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.jaring.core.config.AuditSettings;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.config.RequestSettings;
import org.jaring.core.config.TransportSettings;
import org.jaring.core.failure.UnavailableException;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NodeKeys;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.RevocationPublisher;
import org.jaring.core.trust.Role;
import org.jaring.core.trust.TlsSettings;
import org.jaring.core.trust.TrustDecisionMetrics;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.node.admin.TrustAdministration;
import org.jaring.node.api.AdminGrpcService;
import org.jaring.node.api.AuditGrpcService;
import org.jaring.node.api.NationalGrpcService;
import org.jaring.node.api.PeerGrpcService;
import org.jaring.node.api.RequestGrpcService;
import org.jaring.node.api.RequestPeerGrpcService;
import org.jaring.node.audit.AuditAdministration;
import org.jaring.node.audit.AuditChain;
import org.jaring.node.audit.AuditRetention;
import org.jaring.node.audit.AuditTrustListener;
import org.jaring.node.audit.AuditWitness;
import org.jaring.node.audit.RefusedHandshakes;
import org.jaring.node.audit.RocksAuditLog;
import org.jaring.node.boundary.PeerBoundary;
import org.jaring.node.cases.CaseService;
import org.jaring.node.correlate.Correlator;
import org.jaring.node.federation.BlindKeyPins;
import org.jaring.node.federation.FederatedLookup;
import org.jaring.node.federation.FeedBatchVerifier;
import org.jaring.node.federation.FeedSync;
import org.jaring.node.federation.LookupModes;
import org.jaring.node.federation.PeerAnswerCheck;
import org.jaring.node.federation.PeerAnswerRules;
import org.jaring.node.federation.RevocationFetcher;
import org.jaring.node.federation.TrustedPeerChannels;
import org.jaring.node.ops.NodeHealth;
import org.jaring.node.requests.CooperationRequests;
import org.jaring.node.share.DisclosureQueries;
import org.jaring.node.share.FeedResponder;
import org.jaring.node.share.PeerDirectory;
import org.jaring.node.share.PeerLookupResponder;
import org.jaring.node.share.SharedExport;
import org.jaring.node.share.blind.BlindBudget;
import org.jaring.node.share.blind.BlindKeys;
import org.jaring.node.share.blind.BlindResponder;
import org.jaring.node.share.blind.TagIndex;
import org.jaring.node.sighting.SightingService;
import org.jaring.node.signing.AnswerSigner;
import org.jaring.node.signing.AnswerVerifier;
import org.jaring.node.signing.NodeSigner;
import org.jaring.node.store.AlertTable;
import org.jaring.node.store.BlindState;
import org.jaring.node.store.BlindTagTable;
import org.jaring.node.store.CanonicalRekey;
import org.jaring.node.store.CaseTable;
import org.jaring.node.store.DisclosureTable;
import org.jaring.node.store.FeedLog;
import org.jaring.node.store.IndicatorTable;
import org.jaring.node.store.OutboxTable;
import org.jaring.node.store.PeerCacheTable;
import org.jaring.node.store.RocksStore;
import org.jaring.node.store.SightingTable;
import org.jaring.node.warninglist.Warninglists;
import org.jaring.v1.AuditKind;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.ReloadNodeCertificateResponse;
import org.jaring.v1.SyncNowResponse;
import org.jaring.v1.SyncResult;
import org.jaring.v1.VerifyAuditResponse;

/**
 * One running node, wired from a validated configuration: its store, its trust store and keys, its three
 * mutual-TLS listeners (peer, national, admin) and its background work. Closing it stops the listeners first
 * (in-flight calls finish), then background work and peer channels, then the store.
 */
public final class JaringNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JaringNode.class.getName());

    private final NodeConfig config;
    private final Clock clock;
    private final TrustStore trust;
    private final KeySource keys;
    private final RocksStore store;
    /** What closes in reverse order when the node stops (listeners first, the audit log last). */
    private final List<AutoCloseable> background = new ArrayList<>();

    private final RocksAuditLog audit;
    private final NodeOps ops;
    private final MeterRegistry metrics;
    private final TrustedPeerChannels peerChannels;
    private final Correlator correlator;
    private final CaseService cases;
    private final SightingService sightings;
    private final CooperationRequests requests;
    private final FeedSync feedSync;
    private final PeerLookupResponder peerLookups;
    private final Listener peerListener;
    private final Listener nationalListener;
    private final Listener adminListener;
    private final RevocationFetcher revocationFetcher;

    /**
     * The whole node, assembled top to bottom: every component gets what it needs (its signer, verifier, audit log
     * and metrics included) as constructor arguments, and nothing is attached afterwards.
     */
    private JaringNode(NodeConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.trust = openTrust(config, clock);
        this.keys = loadKeys(config, trust, clock);
        this.store = RocksStore.open(config.dataDir(), config.nodeId(), config.store());
        try {
            // The audit log first: most components record in it.
            AuditSettings auditSettings = config.audit() == null ? AuditSettings.DEFAULT : config.audit();
            // The whole chain is checked before anything is appended or signed (docs/audit.md, "Chain checks").
            long checkStarted = System.nanoTime();
            AuditWitness witness = AuditWitness.beside(config.dataDir());
            VerifyAuditResponse chain = AuditChain.requireIntact(
                    store,
                    config.nodeId(),
                    trust.snapshot().ownCa(),
                    trust.snapshot()::isRevoked,
                    config.dataDir(),
                    witness);
            boolean witnessMissing = witness.read().isEmpty() && chain.getCheckpoints() > 0;
            this.audit = new RocksAuditLog(store, keys, config.nodeId(), clock, auditSettings, witness);
            background.add(audit);
            AuditChain.recordOpened(audit, chain, (System.nanoTime() - checkStarted) / 1_000_000);
            background.add(new AuditRetention(audit, clock, auditSettings));
            this.ops = new NodeOps(config, store, trust, keys, audit, clock);
            this.metrics = ops.metrics.registry();
            ops.metrics.bindAuditOpen(AuditChain.unsignedCount(chain), witnessMissing);

            // Who may connect: every TLS decision is counted and recorded (refusals summarised).
            TlsSettings tls =
                    TlsSettings.of(TlsSettings.Provider.valueOf(config.tls().provider()));
            RefusedHandshakes refusedHandshakes =
                    new RefusedHandshakes(audit, clock, config.transport().refusalSummaryInterval());
            background.add(refusedHandshakes); // closes after the listeners, before the audit log
            TrustVerifier verifier = new TrustVerifier(
                    trust,
                    clock,
                    new TrustDecisionMetrics(metrics).andThen(new AuditTrustListener(audit, refusedHandshakes)));
            int maxMessage = config.limits().maxMessageBytes();
            TransportSettings transport = config.transport();
            ContactPoint contact = config.contact().toProto();

            // The store's tables.
            IndicatorTable indicators = new IndicatorTable(store, new FeedLog(store));
            Canonicalizer canonicalizer = new Canonicalizer(config.country());
            // Keys made by older canonical rules are moved before anything can look them up (docs/protocol.md 4.15).
            CanonicalRekey.Result rekey = CanonicalRekey.run(store, indicators, canonicalizer);
            if (rekey.ran()) {
                audit.record(
                        AuditKind.AUDIT_KIND_ADMIN_ACTION,
                        config.nodeId(),
                        "re-key indicators to canonical rules v" + Canonicalizer.RULES_VERSION,
                        "from_version",
                        Integer.toString(rekey.fromVersion()),
                        "examined",
                        Long.toString(rekey.examined()),
                        "moved",
                        Long.toString(rekey.moved()),
                        "kept_refused",
                        Long.toString(rekey.keptRefused()));
            }
            DisclosureTable disclosures = new DisclosureTable(store);
            PeerCacheTable peerCache = new PeerCacheTable(store);
            background.add(new ExpiryPurger(indicators, clock, config.expiryPurgeInterval()));

            this.peerChannels = new TrustedPeerChannels(trust, keys, verifier, tls, maxMessage, metrics);
            background.add(peerChannels);

            // Casework, with what a local lookup adds: warninglists, peers' synced items, correlation.
            Warninglists warninglists = config.warninglistsDir() == null
                    ? Warninglists.bundled()
                    : Warninglists.load(config.warninglistsDir());
            this.correlator =
                    new Correlator(config.nodeId(), indicators, peerCache, new AlertTable(store), warninglists, clock);
            this.cases = new CaseService(
                    config.nodeId(),
                    new CaseTable(store),
                    indicators,
                    canonicalizer,
                    config.limits().maxBatchValues(),
                    new CaseService.Enrichment(
                            warninglists::match, v -> peerCache.findAll(v, clock.instant()), correlator::localStored),
                    audit,
                    clock);

            // Exchanges with peers. Each component that signs has its own signer over the node key (NodeSigner).
            this.sightings = new SightingService(
                    config.nodeId(),
                    cases,
                    indicators,
                    new SightingTable(store),
                    new OutboxTable(store),
                    peerChannels,
                    config.acceptSightings(),
                    new NodeSigner(keys),
                    trust::snapshot,
                    audit,
                    clock);
            this.requests = new CooperationRequests(
                    config.nodeId(),
                    store,
                    keys,
                    trust,
                    peerChannels,
                    contact,
                    RequestSettings.load(config.configFile()),
                    clock,
                    metrics,
                    audit);
            FeedBatchVerifier batchVerifier = new FeedBatchVerifier(trust::snapshot, audit);
            background.add(batchVerifier); // closes before the audit log and the store: no apply under a closed store
            this.feedSync = new FeedSync(
                    peerChannels,
                    peerCache,
                    correlator,
                    batchVerifier,
                    config.sync().batchItems(),
                    config.limits().maxMessageBytes(),
                    config.sync().interval(),
                    clock,
                    metrics,
                    List.of(
                            sightings::deliverPending,
                            () -> peerCache.purge(clock.instant(), new HashSet<>(peerChannels.peerIds())),
                            () -> {
                                requests.expireDue();
                                requests.deliverPending();
                            }));
            background.add(feedSync);
            this.peerLookups = new PeerLookupResponder(
                    config.nodeId(),
                    cases,
                    indicators,
                    disclosures,
                    contact,
                    clock,
                    ops.lookups,
                    audit,
                    new AnswerSigner(keys));
            BlindKeys blindKeys =
                    new BlindKeys(new BlindState(store).seed(), config.blind().keyRotation(), clock);
            // One core is left to lookups while the index is built; a store of up to one page a few times over is
            // finished in the asking thread instead of refusing (docs/blind-lookup.md, "The tag index").
            TagIndex tagIndex = new TagIndex(
                    indicators,
                    new CaseTable(store),
                    blindKeys,
                    new BlindTagTable(store),
                    clock,
                    Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
                    TagIndex.INLINE_BUILD_VALUES);
            if (config.blind().enabled()) {
                tagIndex.start(Duration.ofSeconds(1));
                io.micrometer.core.instrument.Gauge.builder("jaring.blind.index.progress", tagIndex, TagIndex::progress)
                        .description("build progress of the current key epoch's blind tag index, 0 to 1")
                        .register(metrics);
                io.micrometer.core.instrument.FunctionCounter.builder(
                                "jaring.blind.index.evaluations", tagIndex, TagIndex::evaluations)
                        .description("VOPRF evaluations made for the blind tag index")
                        .register(metrics);
            }
            background.add(tagIndex); // stops before the store closes
            BlindResponder blind = new BlindResponder(
                    config.blind().enabled(),
                    blindKeys,
                    new BlindBudget(new BlindState(store), config.blind().evaluationsPerDay(), clock),
                    tagIndex,
                    peerLookups,
                    audit,
                    new AnswerSigner(keys));
            FederatedLookup federated = new FederatedLookup(
                    config.nodeId(),
                    cases,
                    indicators,
                    disclosures,
                    peerChannels,
                    contact,
                    config.federation().defaultDeadline(),
                    clock,
                    audit,
                    new PeerAnswerCheck(
                            trust::snapshot,
                            new AnswerVerifier(clock),
                            new PeerAnswerRules(
                                    config.federation().maxAnswerHitsPerValue(),
                                    config.federation().maxAnswerHits())),
                    ops.lookups,
                    LookupModes.parse(config.blind().defaultMode()),
                    trust::snapshot,
                    new AnswerVerifier(clock),
                    new BlindKeyPins(store));

            // The listeners. Every peer method is behind one boundary: the peer's budgets and the request's caps,
            // before any feature code.
            // Closed after the listeners (the list closes in reverse), when no handler can be given a call.
            NodeCallExecutor calls = new NodeCallExecutor(config.nodeId());
            background.add(calls);
            PeerBoundary boundary = new PeerBoundary(
                    config.limits().peerBudgets(), config.limits().maxBatchValues(), metrics);
            this.peerListener = new Listener(
                    "peer",
                    config.listen().peer(),
                    EnumSet.of(Role.PEER_NODE),
                    List.of(
                            boundary.guard(new PeerGrpcService(
                                    peerLookups,
                                    new PeerDirectory(trust),
                                    new RevocationPublisher(trust),
                                    new FeedResponder(
                                            config.nodeId(), cases, indicators, contact, clock, new NodeSigner(keys)),
                                    sightings,
                                    blind)),
                            boundary.guard(new RequestPeerGrpcService(requests))),
                    trust,
                    verifier,
                    keys,
                    tls,
                    maxMessage,
                    ops.peer(),
                    transport,
                    calls,
                    metrics);
            background.add(peerListener);
            this.nationalListener = new Listener(
                    "national",
                    config.listen().national(),
                    EnumSet.of(Role.ANALYST, Role.ADMIN),
                    List.of(
                            new NationalGrpcService(
                                    cases,
                                    federated,
                                    new DisclosureQueries(cases, disclosures),
                                    correlator,
                                    sightings,
                                    new SharedExport(config.nodeId(), cases, indicators, trust, contact, audit, clock)),
                            new RequestGrpcService(requests)),
                    trust,
                    verifier,
                    keys,
                    tls,
                    maxMessage,
                    ops.local("national"),
                    transport,
                    calls,
                    metrics);
            background.add(nationalListener);
            // The admin service calls back into this node (reloadCertificate, syncNow): the node holds the admin
            // listener and the service needs the node, so the two are joined by method references. Both read only
            // fields assigned above, and no call arrives before the listener below has started.
            this.adminListener = new Listener(
                    "admin",
                    config.listen().admin(),
                    EnumSet.of(Role.ADMIN),
                    List.of(
                            new AdminGrpcService(
                                    new TrustAdministration(trust, peerChannels, feedSync::withSyncState, audit),
                                    ops.backups,
                                    this::reloadCertificate,
                                    this::syncNow),
                            new AuditGrpcService(new AuditAdministration(audit, trust::snapshot, clock))),
                    trust,
                    verifier,
                    keys,
                    tls,
                    maxMessage,
                    ops.local("admin"),
                    transport,
                    calls,
                    metrics);
            background.add(adminListener);
            this.revocationFetcher = new RevocationFetcher(
                    trust, peerChannels, config.federation().revocationRefresh());
            background.add(revocationFetcher);
            ops.metrics.serve(config.metrics());
        } catch (RuntimeException e) {
            closeAll();
            throw e;
        }
        LOG.info(() -> "node " + config.nodeId() + " serving: peer :" + peerPort() + ", national :" + nationalPort()
                + ", admin :" + adminPort() + ", data " + config.dataDir());
    }

    public static JaringNode start(NodeConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static JaringNode start(NodeConfig config, Clock clock) {
        return new JaringNode(config, clock);
    }

    private static TrustStore openTrust(NodeConfig config, Clock clock) {
        TrustStore trust;
        try {
            trust = TrustStore.open(config.tls().trustDir(), clock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the trust store (tls.trust_dir): " + e.getMessage(), e);
        }
        String own = trust.snapshot().ownNodeId().value();
        if (!own.equals(config.nodeId())) {
            // Usually node_id was edited after init: the home's CA, certificates and trust store were all made for
            // the other ID, so pointing tls.trust_dir elsewhere would not help.
            throw new IllegalStateException("node_id in node.yaml is " + config.nodeId() + ", but this home's trust"
                    + " store (" + config.tls().trustDir() + ") and certificates were made for " + own
                    + ": set node_id: " + own + " (a node ID cannot change after 'jaring node init'; init a new"
                    + " home for a new ID)");
        }
        try {
            X509Certificate ca =
                    PemFiles.readCertificates(config.tls().caCertificate()).get(0);
            if (!Fingerprints.sha256(ca)
                    .equals(Fingerprints.sha256(trust.snapshot().ownCa()))) {
                throw new IllegalStateException("tls.ca_certificate "
                        + config.tls().caCertificate() + " is not the national CA recorded in the trust store");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read tls.ca_certificate: " + e.getMessage(), e);
        }
        return trust;
    }

    private static KeySource loadKeys(NodeConfig config, TrustStore trust, Clock clock) {
        try {
            return NodeKeys.load(
                    config.tls().nodeCertificate(),
                    config.tls().nodeKey(),
                    NodeKeys.passphrase(config.tls().nodeKeyPassphraseEnv()),
                    trust.snapshot(),
                    clock);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load the node's key and certificate: " + e.getMessage(), e);
        }
    }

    /** Reads the key and certificate files again (after {@code jaring cert rotate}) without dropping a call. */
    private ReloadNodeCertificateResponse reloadCertificate() {
        try {
            X509Certificate leaf = NodeKeys.reload(
                    keys,
                    config.tls().nodeCertificate(),
                    config.tls().nodeKey(),
                    NodeKeys.passphrase(config.tls().nodeKeyPassphraseEnv()),
                    trust.snapshot(),
                    clock);
            peerChannels.renewAll();
            audit.record(
                    AuditKind.AUDIT_KIND_ADMIN_ACTION,
                    config.nodeId(),
                    "reload node certificate",
                    "fingerprint",
                    Fingerprints.sha256(leaf));
            LOG.info(() -> "node certificate reloaded: " + Fingerprints.display(Fingerprints.sha256(leaf)));
            return ReloadNodeCertificateResponse.newBuilder()
                    .setFingerprint(Fingerprints.display(Fingerprints.sha256(leaf)))
                    .setNotAfter(Timestamps.fromMillis(leaf.getNotAfter().getTime()))
                    .build();
        } catch (IOException | IllegalArgumentException e) {
            throw new UnavailableException("the node kept its current certificate: " + e.getMessage());
        }
    }

    public NodeConfig config() {
        return config;
    }

    /** What the named listener (peer, national, admin) serves, as bound: every method a caller can reach. */
    public List<ServerServiceDefinition> services(String listener) {
        for (Listener l : List.of(peerListener, nationalListener, adminListener)) {
            if (l.name().equals(listener)) {
                return l.services();
            }
        }
        throw new IllegalArgumentException("no listener " + listener);
    }

    public int peerPort() {
        return peerListener.port();
    }

    public int nationalPort() {
        return nationalListener.port();
    }

    public int adminPort() {
        return adminListener.port();
    }

    public CaseService cases() {
        return cases;
    }

    public TrustStore trust() {
        return trust;
    }

    public MeterRegistry metrics() {
        return metrics;
    }

    /** The Prometheus endpoint's port, -1 when metrics.enabled is false. */
    public int metricsPort() {
        return ops.metrics.port();
    }

    public NodeHealth health() {
        return ops.health;
    }

    public RocksStore store() {
        return store;
    }

    public TrustedPeerChannels peerChannels() {
        return peerChannels;
    }

    /** Pulls every peer's feed and delivers waiting sightings now, instead of at the next interval. */
    public SyncNowResponse syncNow() {
        // Answer before the caller's deadline (a second early, for the rest of this call and the way back).
        Deadline deadline = Context.current().getDeadline();
        Duration wait = deadline == null
                ? null
                : Duration.ofMillis(Math.max(0, deadline.timeRemaining(TimeUnit.MILLISECONDS) - 1_000));
        List<SyncResult> results = feedSync.syncAll(wait);
        requests.deliverPending();
        return SyncNowResponse.newBuilder()
                .addAllPeers(results)
                .setSightingsDelivered(sightings.deliverPending())
                .build();
    }

    public RocksAuditLog audit() {
        return audit;
    }

    /** What answers peers' lookups (signed, audited); the benchmark compares it with its unsigned copy. */
    public PeerLookupResponder peerLookups() {
        return peerLookups;
    }

    public Correlator correlator() {
        return correlator;
    }

    /** Fetches every peer's revocation list now instead of at the next interval. */
    public void refreshRevocations() {
        revocationFetcher.fetchAll();
    }

    public void awaitTermination() throws InterruptedException {
        nationalListener.awaitTermination();
    }

    @Override
    public void close() {
        closeAll();
        LOG.info(() -> "node " + config.nodeId() + " stopped");
    }

    private void closeAll() {
        // Readiness turns NOT_SERVING; listeners stop taking calls; then background work; the store closes last.
        if (ops != null) {
            ops.stopping();
        }
        for (int i = background.size() - 1; i >= 0; i--) {
            if (background.get(i) instanceof Listener l) {
                l.shutdown();
            }
        }
        for (int i = background.size() - 1; i >= 0; i--) {
            try {
                background.get(i).close();
            } catch (Exception e) {
                LOG.warning("while stopping: " + e);
            }
        }
        background.clear();
        if (ops != null) {
            ops.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
