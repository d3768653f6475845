package org.jaring.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifier rules that do not need a TLS connection, and the identity value types. */
class TrustVerifierTest {

    private static final NodeId TH = NodeId.of("TH-CCIB");
    private final NationalCa ca = NationalCa.create(TH);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TrustVerifier verifier;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        TrustStore store = TrustStore.create(dir, TH, ca.certificate(), Clock.systemUTC());
        verifier = new TrustVerifier(store, Clock.systemUTC(), new TrustDecisionMetrics(registry));
    }

    private TrustReason refusal(X509Certificate[] chain, Set<Role> roles) {
        try {
            verifier.verify(chain, roles, "test");
            return TrustReason.ACCEPTED;
        } catch (TrustException e) {
            return e.reason();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void identityMustBeExactlyOneWellFormedUri() {
        Set<NationalCa.Usage> client = EnumSet.of(NationalCa.Usage.CLIENT_AUTH);
        Set<Role> all = EnumSet.allOf(Role.class);
        assertThat(refusal(ca.issueCustom(List.of(), client, Duration.ofDays(1)).chain(), all))
                .isEqualTo(TrustReason.BAD_IDENTITY);
        assertThat(refusal(
                        ca.issueCustom(
                                        List.of("urn:jaring:analyst:TH-CCIB:a", "urn:jaring:admin:TH-CCIB:a"),
                                        client,
                                        Duration.ofDays(1))
                                .chain(),
                        all))
                .isEqualTo(TrustReason.BAD_IDENTITY);
        assertThat(refusal(
                        ca.issueCustom(List.of("urn:jaring:analyst:th-ccib:a"), client, Duration.ofDays(1))
                                .chain(),
                        all))
                .isEqualTo(TrustReason.BAD_IDENTITY);
        assertThat(refusal(new X509Certificate[0], all)).isEqualTo(TrustReason.NO_CERTIFICATE);
        assertThat(refusal(ca.issueAnalyst("alice", Duration.ofDays(1)).chain(), all))
                .isEqualTo(TrustReason.ACCEPTED);
    }

    @Test
    void caAsLeafAndMissingKeyUsageAreRefused() {
        assertThat(refusal(new X509Certificate[] {ca.certificate()}, EnumSet.of(Role.PEER_NODE)))
                .isEqualTo(TrustReason.UNKNOWN_PEER); // own ID on a peer listener
        assertThat(verifierOwnServer(new X509Certificate[] {ca.certificate()})).isEqualTo(TrustReason.NOT_END_ENTITY);
        IssuedCertificate serverOnly = ca.issueCustom(
                List.of("urn:jaring:analyst:TH-CCIB:bob"),
                EnumSet.of(NationalCa.Usage.SERVER_AUTH),
                Duration.ofDays(1));
        assertThat(refusal(serverOnly.chain(), EnumSet.of(Role.ANALYST))).isEqualTo(TrustReason.BAD_KEY_USAGE);
        assertThat(verifierOwnServer(ca.issueNode(Duration.ofDays(1)).chain())).isEqualTo(TrustReason.ACCEPTED);
    }

    /**
     * A signer of a peer message is judged by the connection rules for that peer's node: only its node
     * certificate, valid at the given time, passes; nothing is reported to the decision listener (no connection).
     */
    @Test
    void aSignerMustBeThePeersNodeCertificateValidAtTheGivenTime() throws Exception {
        NodeId my = NodeId.of("MY-PDRM");
        NationalCa myCa = NationalCa.create(my);
        TrustStore store = verifier.store();
        store.addPeer(my, myCa.certificate(), Fingerprints.sha256(myCa.certificate()), "127.0.0.1:1", Set.of());
        TrustSnapshot s = store.snapshot();
        Instant now = Instant.now();
        double decisionsBefore = registry.getMeters().stream()
                .mapToDouble(m -> m.measure().iterator().next().getValue())
                .sum();

        X509Certificate node = myCa.issueNode(Duration.ofDays(1)).certificate();
        assertThat(TrustVerifier.evaluateSigner(s, SignedKind.FEED_BATCH, node, my, now)
                        .reason())
                .isEqualTo(TrustReason.ACCEPTED);
        assertThat(TrustVerifier.evaluateSigner(s, SignedKind.FEED_BATCH, node, my, now.plus(Duration.ofDays(2)))
                        .reason())
                .isEqualTo(TrustReason.EXPIRED);
        assertThat(TrustVerifier.evaluateSigner(
                                s,
                                SignedKind.FEED_BATCH,
                                myCa.issueAnalyst("eve", Duration.ofDays(1)).certificate(),
                                my,
                                now)
                        .reason())
                .isEqualTo(TrustReason.ROLE_NOT_ALLOWED);
        assertThat(TrustVerifier.evaluateSigner(s, SignedKind.FEED_BATCH, node, NodeId.of("SG-SPF"), now)
                        .detail())
                .isEqualTo("signer is MY-PDRM, expected SG-SPF");
        assertThat(TrustVerifier.evaluateSigner(
                                s,
                                SignedKind.FEED_BATCH,
                                ca.issueNode(Duration.ofDays(1)).certificate(),
                                TH,
                                now)
                        .reason())
                .as("this node's own certificate is no peer's")
                .isEqualTo(TrustReason.UNKNOWN_PEER);
        assertThat(TrustVerifier.evaluateSigner(s, SignedKind.FEED_BATCH, null, my, now)
                        .reason())
                .isEqualTo(TrustReason.NO_CERTIFICATE);
        assertThat(registry.getMeters().stream()
                        .mapToDouble(m -> m.measure().iterator().next().getValue())
                        .sum())
                .as("no connection decision is reported")
                .isEqualTo(decisionsBefore);
    }

    /**
     * The explicit-anchor form used for objects checked later (audit checkpoints): no anchor is a refusal, the
     * time is the signing time, the given revocations apply, and a signing certificate must allow
     * digitalSignature, which a connection does not ask of a certificate here.
     */
    @Test
    void aSignerIsCheckedAgainstTheGivenAnchorAtTheSigningTime() throws Exception {
        X509Certificate node = ca.issueNode(Duration.ofDays(1)).certificate();
        Instant now = Instant.now();
        TrustVerifier.Revocations none = TrustVerifier.Revocations.NONE_KNOWN;
        SignedKind cp = SignedKind.AUDIT_CHECKPOINT;
        assertThat(TrustVerifier.evaluateSigner(cp, node, TH, ca.certificate(), none, now)
                        .reason())
                .isEqualTo(TrustReason.ACCEPTED);
        assertThat(TrustVerifier.evaluateSigner(cp, node, TH, null, none, now).detail())
                .isEqualTo("no trusted anchor for node TH-CCIB");
        assertThat(TrustVerifier.evaluateSigner(cp, node, TH, ca.certificate(), none, now.plus(Duration.ofDays(2)))
                        .reason())
                .isEqualTo(TrustReason.EXPIRED);
        assertThat(TrustVerifier.evaluateSigner(
                                cp,
                                node,
                                TH,
                                ca.certificate(),
                                (issuer, serial, fp) -> serial.equals(node.getSerialNumber()),
                                now)
                        .reason())
                .isEqualTo(TrustReason.REVOKED);
        assertThat(TrustVerifier.evaluateSigner(
                                cp,
                                ca.issueAdmin("root", Duration.ofDays(1)).certificate(),
                                TH,
                                ca.certificate(),
                                none,
                                now)
                        .detail())
                .isEqualTo("ADMIN is not allowed here: an audit checkpoint must be signed by a node certificate");
        assertThat(TrustVerifier.evaluateSigner(cp, ca.certificate(), TH, ca.certificate(), none, now)
                        .reason())
                .isEqualTo(TrustReason.NOT_END_ENTITY);
        assertThat(TrustVerifier.evaluateSigner(
                                cp,
                                TestCertificates.withoutDigitalSignature(
                                        ca.certificate(), ca.privateKey(), TestCertificates.ecKeyPair(), "TH-CCIB"),
                                TH,
                                ca.certificate(),
                                none,
                                now)
                        .detail())
                .isEqualTo("a signing certificate must allow digitalSignature");
        assertThatThrownBy(() -> TrustVerifier.evaluateSigner(cp, node, TH, ca.certificate(), null, now))
                .isInstanceOf(NullPointerException.class);
    }

    private TrustReason verifierOwnServer(X509Certificate[] chain) {
        try {
            verifier.verifyOwnNodeServer(chain, "test");
            return TrustReason.ACCEPTED;
        } catch (TrustException e) {
            return e.reason();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void decisionsAreCountedByOutcomeReasonAndListener() {
        refusal(ca.issueAnalyst("alice", Duration.ofDays(1)).chain(), EnumSet.of(Role.ADMIN));
        refusal(ca.issueAnalyst("alice", Duration.ofDays(1)).chain(), EnumSet.of(Role.ANALYST));
        assertThat(registry.get(TrustDecisionMetrics.METER)
                        .tag("outcome", "refused")
                        .tag("reason", "role_not_allowed")
                        .tag("listener", "test")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get(TrustDecisionMetrics.METER)
                        .tag("outcome", "accepted")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void valueTypesValidate() {
        assertThatThrownBy(() -> NodeId.of("th-ccib"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid node ID 'th-ccib'");
        assertThatThrownBy(() -> NodeId.of("THA-CCIB")).hasMessageContaining("<CC>-<UNIT>");
        assertThatThrownBy(() -> NodeId.of("TH-" + "A".repeat(17))).isInstanceOf(IllegalArgumentException.class);
        assertThat(IdentityUri.parse("urn:jaring:admin:TH-CCIB:root")).isEqualTo(IdentityUri.admin(TH, "root"));
        assertThatThrownBy(PeerIdentity::current).isInstanceOf(IllegalStateException.class);
        assertThat(Fingerprints.display("ab".repeat(32))).startsWith("AB:AB:").hasSize(95);
    }
}
