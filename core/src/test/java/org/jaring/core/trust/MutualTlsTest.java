package org.jaring.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real mutual TLS on 127.0.0.1 with certificates from our own PKI. */
class MutualTlsTest {

    private static final TlsSettings BC = TlsSettings.of(TlsSettings.Provider.BCJSSE);
    private static final Duration YEAR = Duration.ofDays(365);

    @TempDir
    Path dir;

    TestNode th;
    TestNode my;

    @BeforeEach
    void nodes() throws Exception {
        th = new TestNode("TH-CCIB", dir);
        my = new TestNode("MY-PDRM", dir);
        th.trust(my);
        my.trust(th);
    }

    @AfterEach
    void close() throws Exception {
        th.close();
        my.close();
    }

    private static TlsSettings settings(TlsSettings.Provider p) {
        return TlsSettings.of(p);
    }

    // ---- accepted ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(TlsSettings.Provider.class)
    void trustedPeerIsAcceptedOnPeerListener(TlsSettings.Provider provider) throws Exception {
        th.start(settings(provider));
        ManagedChannel ch = my.channel(th.peerPort, my.clientTo(th.id, settings(provider)));

        assertThat(TestNode.check(ch).getCode()).isEqualTo(Status.Code.OK);
        assertThat(th.seen.get())
                .isEqualTo(new PeerIdentity(
                        my.id,
                        Role.PEER_NODE,
                        null,
                        my.nodeCert.fingerprint(),
                        my.nodeCert.certificate().getSerialNumber()));
        // Both ends decided: the server at handshake and call, the client about the server.
        assertThat(th.accepted("peer")).isGreaterThanOrEqualTo(2);
        assertThat(my.decisions).anyMatch(d -> d.accepted() && d.fingerprint().equals(th.nodeCert.fingerprint()));
    }

    @Test
    void analystIsAcceptedOnNationalListener() throws Exception {
        th.start(BC);
        IssuedCertificate alice = th.ca.issueAnalyst("alice", YEAR);
        ManagedChannel ch = th.channel(th.nationalPort, th.ownClient(alice, BC));

        assertThat(TestNode.check(ch).getCode()).isEqualTo(Status.Code.OK);
        assertThat(th.seen.get())
                .isEqualTo(new PeerIdentity(
                        th.id,
                        Role.ANALYST,
                        "alice",
                        alice.fingerprint(),
                        alice.certificate().getSerialNumber()));
    }

    @Test
    void adminIsAcceptedOnAdminListener() throws Exception {
        th.start(BC);
        IssuedCertificate root = th.ca.issueAdmin("root", YEAR);
        ManagedChannel ch = th.channel(th.adminPort, th.ownClient(root, BC));

        assertThat(TestNode.check(ch).getCode()).isEqualTo(Status.Code.OK);
        assertThat(th.seen.get())
                .isEqualTo(new PeerIdentity(
                        th.id,
                        Role.ADMIN,
                        "root",
                        root.fingerprint(),
                        root.certificate().getSerialNumber()));
    }

    // ---- refused at the handshake -------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(TlsSettings.Provider.class)
    void noClientCertificateIsRefused(TlsSettings.Provider provider) throws Exception {
        TlsSettings tls = settings(provider);
        th.start(tls);
        SslContext noCert = GrpcSslContexts.configure(
                        SslContextBuilder.forClient(), TlsContexts.jsseProvider(tls.provider()))
                .sslProvider(SslProvider.JDK)
                .sslContextProvider(TlsContexts.jsseProvider(tls.provider()))
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .endpointIdentificationAlgorithm(null)
                .build();
        ManagedChannel ch = th.channel(th.peerPort, noCert);

        assertThat(TestNode.check(ch).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(th.seen.get()).isNull();
        assertThat(th.decisions).noneMatch(TrustDecision::accepted);
    }

    @ParameterizedTest
    @EnumSource(TlsSettings.Provider.class)
    void unknownCaIsRefused(TlsSettings.Provider provider) throws Exception {
        th.start(settings(provider));
        try (TestNode rogue = new TestNode("XX-ROGUE", dir)) {
            rogue.trust(th);
            ManagedChannel ch = rogue.channel(th.peerPort, rogue.clientTo(th.id, settings(provider)));

            assertThat(TestNode.check(ch).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        }
        assertThat(th.lastRefusal().reason()).isEqualTo(TrustReason.UNKNOWN_PEER);
        assertThat(th.lastRefusal().claimedIdentity()).isEqualTo("urn:jaring:node:XX-ROGUE");
        assertThat(th.seen.get()).isNull();
    }

    @ParameterizedTest
    @EnumSource(TlsSettings.Provider.class)
    void trustedCaClaimingAnotherNodeIsRefused(TlsSettings.Provider provider) throws Exception {
        TlsSettings tls = settings(provider);
        th.start(tls);
        try (TestNode sg = new TestNode("SG-SPF", dir)) {
            th.trust(sg);
            // MY's CA (trusted by TH) signs a node certificate claiming to be SG-SPF (also trusted by TH).
            IssuedCertificate forged = my.ca.issueCustom(
                    List.of("urn:jaring:node:SG-SPF"), EnumSet.allOf(NationalCa.Usage.class), Duration.ofDays(1));
            SslContext ctx = TlsContexts.client(KeySource.of(forged), th.id, my.verifier, tls);
            assertThat(TestNode.check(my.channel(th.peerPort, ctx)).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(th.lastRefusal().reason()).isEqualTo(TrustReason.BAD_CHAIN);
            assertThat(th.lastRefusal().claimedIdentity()).isEqualTo("urn:jaring:node:SG-SPF");
        }
        // Same trick against the national listener: MY's CA claiming an analyst of TH.
        IssuedCertificate fakeAnalyst = my.ca.issueCustom(
                List.of("urn:jaring:analyst:TH-CCIB:mallory"),
                EnumSet.of(NationalCa.Usage.CLIENT_AUTH),
                Duration.ofDays(1));
        assertThat(TestNode.check(th.channel(th.nationalPort, th.ownClient(fakeAnalyst, tls)))
                        .getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(th.lastRefusal().reason()).isEqualTo(TrustReason.BAD_CHAIN);
        assertThat(th.seen.get()).isNull();
    }

    @ParameterizedTest
    @EnumSource(TlsSettings.Provider.class)
    void expiredCertificateIsRefused(TlsSettings.Provider provider) throws Exception {
        TlsSettings tls = settings(provider);
        th.start(tls);
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(400)), ZoneOffset.UTC);
        IssuedCertificate old = th.ca.withClock(past).issueAnalyst("alice", YEAR);

        assertThat(TestNode.check(th.channel(th.nationalPort, th.ownClient(old, tls)))
                        .getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(th.lastRefusal().reason()).isEqualTo(TrustReason.EXPIRED);
    }

    @ParameterizedTest
    @EnumSource(TlsSettings.Provider.class)
    void notYetValidCertificateIsRefused(TlsSettings.Provider provider) throws Exception {
        TlsSettings tls = settings(provider);
        th.start(tls);
        Clock future = Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC);
        IssuedCertificate early = my.ca.withClock(future).issueNode(Duration.ofDays(90));
        SslContext ctx = TlsContexts.client(KeySource.of(early), th.id, my.verifier, tls);

        assertThat(TestNode.check(my.channel(th.peerPort, ctx)).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(th.lastRefusal().reason()).isEqualTo(TrustReason.NOT_YET_VALID);
    }

    @ParameterizedTest
    @EnumSource(TlsSettings.Provider.class)
    void clientLimitedToTls11CannotConnect(TlsSettings.Provider provider) throws Exception {
        th.start(settings(provider));
        // JSSE clients refuse to even offer TLS 1.1 on this JDK, so use BC's low-level TLS client, which can.
        // Control: the same client offering TLS 1.2 gets a ServerHello (it then fails later, having no certificate).
        assertThat(handshake(th.peerPort, ProtocolVersion.TLSv12).serverVersion).isEqualTo(ProtocolVersion.TLSv12);
        int before = th.decisions.size();

        Handshake old = handshake(th.peerPort, ProtocolVersion.TLSv11);

        assertThat(old.serverVersion).isNull();
        assertThat(old.alert).isIn(AlertDescription.protocol_version, AlertDescription.handshake_failure);
        assertThat(th.decisions).hasSize(before); // no certificate was even looked at
    }

    private static final class Handshake extends DefaultTlsClient {
        private final ProtocolVersion offered;
        volatile ProtocolVersion serverVersion;
        volatile Short alert;

        Handshake(ProtocolVersion offered) {
            super(new BcTlsCrypto(new SecureRandom()));
            this.offered = offered;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return offered.only();
        }

        @Override
        public void notifyServerVersion(ProtocolVersion v) throws IOException {
            super.notifyServerVersion(v);
            serverVersion = v;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new ServerOnlyTlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate c) {
                    // Not under test here.
                }
            };
        }
    }

    private static Handshake handshake(int port, ProtocolVersion version) throws Exception {
        Handshake client = new Handshake(version);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            TlsClientProtocol protocol = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
            try {
                protocol.connect(client);
                protocol.close();
            } catch (TlsFatalAlertReceived e) {
                client.alert = e.getAlertDescription();
            } catch (IOException e) {
                // e.g. the server closed without an alert: the handshake still failed
            }
        }
        return client;
    }

    @ParameterizedTest
    @EnumSource(TlsSettings.Provider.class)
    void clientRefusesServerPresentingAnotherNodeId(TlsSettings.Provider provider) throws Exception {
        TlsSettings tls = settings(provider);
        try (TestNode sg = new TestNode("SG-SPF", dir)) {
            sg.trust(my).start(tls);
            my.trust(sg);
            // MY means to call TH, but the address answers as SG-SPF (a node MY does trust).
            ManagedChannel ch = my.channel(sg.peerPort, my.clientTo(th.id, tls));

            assertThat(TestNode.check(ch).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(my.lastRefusal().reason()).isEqualTo(TrustReason.WRONG_NODE);
            assertThat(sg.seen.get()).isNull();
        }
    }

    // ---- refused per call ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(TlsSettings.Provider.class)
    void wrongRoleForListenerIsPermissionDenied(TlsSettings.Provider provider) throws Exception {
        TlsSettings tls = settings(provider);
        th.start(tls);
        IssuedCertificate alice = th.ca.issueAnalyst("alice", YEAR);

        Status onPeer = TestNode.check(th.channel(th.peerPort, th.ownClient(alice, tls)));
        assertThat(onPeer.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(onPeer.getDescription()).startsWith("ROLE_NOT_ALLOWED");

        Status onAdmin = TestNode.check(th.channel(th.adminPort, th.ownClient(alice, tls)));
        assertThat(onAdmin.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);

        Status peerOnAdmin = TestNode.check(my.channel(th.adminPort, my.clientTo(th.id, tls)));
        assertThat(peerOnAdmin.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(th.lastRefusal().reason()).isEqualTo(TrustReason.ROLE_NOT_ALLOWED);
        assertThat(th.lastRefusal().claimedIdentity()).isEqualTo("urn:jaring:node:MY-PDRM");
        assertThat(th.seen.get()).isNull();
    }

    @ParameterizedTest
    @EnumSource(TlsSettings.Provider.class)
    void revocationStopsCallsOnAlreadyOpenChannels(TlsSettings.Provider provider) throws Exception {
        TlsSettings tls = settings(provider);
        th.start(tls);
        IssuedCertificate alice = th.ca.issueAnalyst("alice", YEAR);
        ManagedChannel analyst = th.channel(th.nationalPort, th.ownClient(alice, tls));
        ManagedChannel peer = my.channel(th.peerPort, my.clientTo(th.id, tls));
        assertThat(TestNode.check(analyst).getCode()).isEqualTo(Status.Code.OK);
        assertThat(TestNode.check(peer).getCode()).isEqualTo(Status.Code.OK);

        // Own revocation: analyst certificate.
        th.store.revokeOwn(alice.certificate(), "laptop stolen");
        Status s = TestNode.check(analyst);
        assertThat(s.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(s.getDescription()).startsWith("REVOKED");
        // ...and a new connection does not get past the handshake.
        assertThat(TestNode.check(th.channel(th.nationalPort, th.ownClient(alice, tls)))
                        .getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(th.lastRefusal().reason()).isEqualTo(TrustReason.REVOKED);

        // Peer revocation: MY revokes its node certificate and TH installs MY's signed list.
        my.store.revokeOwn(my.nodeCert.certificate(), "key compromise");
        SignedRevocationList list = my.store.signOwnRevocations(my.ca.privateKey());
        th.store.installRevocationList(my.id, list.encoded(), list.signature());
        Status p = TestNode.check(peer);
        assertThat(p.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(p.getDescription()).startsWith("REVOKED");
    }

    @ParameterizedTest
    @EnumSource(TlsSettings.Provider.class)
    void removedPeerIsRefusedOnAlreadyOpenChannel(TlsSettings.Provider provider) throws Exception {
        TlsSettings tls = settings(provider);
        th.start(tls);
        ManagedChannel peer = my.channel(th.peerPort, my.clientTo(th.id, tls));
        assertThat(TestNode.check(peer).getCode()).isEqualTo(Status.Code.OK);

        assertThat(th.store.removePeer(my.id)).isTrue();

        Status s = TestNode.check(peer);
        assertThat(s.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(s.getDescription()).startsWith("UNKNOWN_PEER");
        assertThat(TestNode.check(my.channel(th.peerPort, my.clientTo(th.id, tls)))
                        .getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
    }
}
