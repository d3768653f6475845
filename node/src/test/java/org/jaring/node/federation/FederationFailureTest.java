package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.jaring.node.federation.FederatedLookupTest.WALLET;
import static org.jaring.node.federation.FederatedLookupTest.lookup;
import static org.jaring.node.federation.FederatedLookupTest.origins;
import static org.jaring.node.federation.FederatedLookupTest.outcomes;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.RevocationList;
import org.jaring.core.trust.SignedRevocationList;
import org.jaring.core.trust.TlsContexts;
import org.jaring.node.RunningNode;
import org.jaring.v1.AddPeerRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.GetRevocationsRequest;
import org.jaring.v1.Handling;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.PeerStatus;
import org.jaring.v1.ReloadNodeCertificateRequest;
import org.jaring.v1.RemovePeerRequest;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens when peers fail, lag, flood, are cut off, or lose their keys. Each test has its own network. */
class FederationFailureTest {
    @TempDir
    Path dir;

    private static void wallet(RunningNode node, String caseId) {
        node.holds(
                caseId,
                Handling.newBuilder().setTlp(Tlp.TLP_GREEN).build(),
                IndicatorType.INDICATOR_TYPE_WALLET,
                WALLET);
    }

    private static PeerStatus status(FederatedLookupResponse r, String node) {
        return r.getPeersList().stream()
                .filter(p -> p.getNodeId().equals(node))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aStoppedPeerIsReportedAndTheOthersStillAnswer() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB");
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM");
                RunningNode sg = new RunningNode(dir.resolve("sg"), "SG-SPF")) {
            FederatedLookupTest.meshTrust(th, my, sg);
            wallet(my, "MY-1");
            wallet(sg, "SG-1");
            assertThat(origins(
                            th.analyst().lookupFederated(lookup(WALLET).build()).getResults(0)))
                    .containsExactly("MY-PDRM", "SG-SPF");

            // A stopped peer refuses the connection at once: the lookup (deadline far away) does not wait for it.
            sg.node.close();
            FederatedLookupResponse r =
                    th.analyst().lookupFederated(lookup(WALLET).build());
            assertThat(status(r, "SG-SPF").getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_UNREACHABLE);
            assertThat(status(r, "SG-SPF").getDetail()).startsWith("UNAVAILABLE");
            assertThat(status(r, "MY-PDRM").getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
            assertThat(origins(r.getResults(0))).containsExactly("MY-PDRM");
        }
    }

    /**
     * A peer that never answers is reported as timed out at the deadline, and the others' answers come back with
     * it. The hanging peer answers nothing before the test ends, so a lookup that returns was not held back by it.
     * The answering peer must be done within the deadline too; on a loaded machine it may not be, and is then
     * rightly reported as timed out as well: the deadline starts short and doubles until it was.
     */
    @Test
    void aPeerSlowerThanTheDeadlineTimesOutWithoutHoldingBackTheAnswer() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB");
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM");
                SlowPeer slow = new SlowPeer(
                        dir.resolve("slow"),
                        "ID-SLOW",
                        true,
                        new SlowPeer.X509Holder(
                                NodeId.of("TH-CCIB"),
                                PemFiles.readCertificates(th.home.caCertificate())
                                        .get(0)))) {
            FederatedLookupTest.meshTrust(th, my);
            wallet(my, "MY-1");
            th.admin()
                    .addPeer(AddPeerRequest.newBuilder()
                            .setNodeId("ID-SLOW")
                            .setCaCertificatePem(PemFiles.toPem(slow.ca.certificate()))
                            .setEndpoint(slow.endpoint())
                            .setConfirmedFingerprint(Fingerprints.sha256(slow.ca.certificate()))
                            .build());
            // TH's connection to MY is up, as between running nodes: the deadline is not spent on a first handshake.
            assertThat(status(
                                    th.analyst()
                                            .lookupFederated(lookup(WALLET)
                                                    .addPeers("MY-PDRM")
                                                    .build()),
                                    "MY-PDRM")
                            .getOutcome())
                    .isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);

            FederatedLookupResponse r = null;
            for (int deadline = 1_000; r == null; deadline *= 2) {
                FederatedLookupResponse tried = th.analyst()
                        .lookupFederated(
                                lookup(WALLET).setDeadlineMillis(deadline).build());
                assertThat(status(tried, "ID-SLOW").getOutcome())
                        .as("the hanging peer, %d ms deadline", deadline)
                        .isEqualTo(PeerOutcome.PEER_OUTCOME_TIMED_OUT);
                if (status(tried, "MY-PDRM").getOutcome() != PeerOutcome.PEER_OUTCOME_ANSWERED) {
                    assertThat(status(tried, "MY-PDRM").getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_TIMED_OUT);
                    assertThat(deadline)
                            .as("MY answered within some deadline up to 32 s")
                            .isLessThan(32_000);
                    continue;
                }
                r = tried;
            }
            assertThat(origins(r.getResults(0))).containsExactly("MY-PDRM");
        }
    }

    @Test
    void aRemovedPeerIsRefusedOnTheConnectionItAlreadyHas() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB");
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM")) {
            FederatedLookupTest.meshTrust(th, my);
            wallet(my, "MY-1");
            assertThat(outcomes(th.analyst().lookupFederated(lookup(WALLET).build()))
                            .get("MY-PDRM"))
                    .isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);

            my.admin()
                    .removePeer(
                            RemovePeerRequest.newBuilder().setNodeId("TH-CCIB").build());
            FederatedLookupResponse r =
                    th.analyst().lookupFederated(lookup(WALLET).build());
            assertThat(status(r, "MY-PDRM").getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
            assertThat(status(r, "MY-PDRM").getDetail()).startsWith("UNAUTHENTICATED");
            assertThat(r.getResults(0).getHitsList()).isEmpty();
        }
    }

    @Test
    void aPeerThatDoesNotTrustUsIsReportedAsRefusingNotAsDown() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB");
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM")) {
            th.trust(my, "asean"); // MY's admin has not added TH (yet)
            PeerStatus s = status(th.analyst().lookupFederated(lookup(WALLET).build()), "MY-PDRM");
            assertThat(s.getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
            assertThat(s.getDetail()).startsWith("the peer refused this node's certificate in the TLS handshake");

            my.trust(th, "asean"); // now it has: the very next lookup goes through, with no reconnect backoff
            wallet(my, "MY-1");
            FederatedLookupResponse r =
                    th.analyst().lookupFederated(lookup(WALLET).build());
            assertThat(status(r, "MY-PDRM").getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
            assertThat(origins(r.getResults(0))).containsExactly("MY-PDRM");
        }
    }

    @Test
    void onePeerFloodingIsRateLimitedWhileAnotherKeepsItsAllowance() {
        // 15 values pass, 5 are left, and the next 15 would pass only after 10 s: far longer than between two calls.
        String limits = "limits: {max_batch_values: 20}\n"
                + "peer_budgets: {lookup: {values_per_second: 1, burst_values: 20}}\n";
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB");
                RunningNode sg = new RunningNode(dir.resolve("sg"), "SG-SPF");
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", limits)) {
            FederatedLookupTest.meshTrust(th, my, sg);
            wallet(my, "MY-1");
            String[] fifteen = new String[15];
            for (int i = 0; i < fifteen.length; i++) {
                fifteen[i] = i == 0 ? WALLET : "flood-" + i + ".example";
            }
            assertThat(status(
                                    th.analyst()
                                            .lookupFederated(lookup(fifteen)
                                                    .addPeers("MY-PDRM")
                                                    .build()),
                                    "MY-PDRM")
                            .getOutcome())
                    .isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
            PeerStatus flooded = status(
                    th.analyst()
                            .lookupFederated(lookup(fifteen).addPeers("MY-PDRM").build()),
                    "MY-PDRM");
            assertThat(flooded.getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
            assertThat(flooded.getDetail())
                    .startsWith("RESOURCE_EXHAUSTED")
                    .contains("peer_budgets.lookup.values_per_second");

            FederatedLookupResponse fromSg = sg.analyst()
                    .lookupFederated(lookup(WALLET).addPeers("MY-PDRM").build());
            assertThat(status(fromSg, "MY-PDRM").getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
            assertThat(origins(fromSg.getResults(0))).containsExactly("MY-PDRM");
        }
    }

    /**
     * The recovery procedure for a stolen node key: rotate first (the node must still be reachable by its own
     * CLI), then revoke the old certificate with the CA key. Peers fetch the signed list and refuse the thief,
     * on the connection the thief already has too, while the rotated node keeps working.
     */
    @Test
    void aStateRevokingItsOwnStolenNodeCertificateProtectsItsPeers() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB");
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM")) {
            FederatedLookupTest.meshTrust(th, my);
            wallet(my, "MY-1");

            // The thief copied TH's node key and certificate and talks to MY's peer service directly.
            X509Certificate stolen =
                    PemFiles.readCertificates(th.home.nodeCertificate()).get(0);
            KeySource thiefKeys = new KeySource(PemFiles.readPrivateKey(th.home.nodeKey(), null), stolen);
            ManagedChannel thiefChannel = NettyChannelBuilder.forAddress("127.0.0.1", my.node.peerPort())
                    .sslContext(TlsContexts.client(thiefKeys, NodeId.of("MY-PDRM"), th.node.trust()))
                    .build();
            var thief = PeerServiceGrpc.newBlockingStub(thiefChannel);
            PeerLookupRequest ask = PeerLookupRequest.newBuilder()
                    .addQueries(LookupQuery.newBuilder().setValue(WALLET))
                    .setPurpose(FederatedLookupTest.purpose())
                    .setRequestId(UUID.randomUUID().toString())
                    .build();
            assertThat(thief.lookup(ask).getResultsCount())
                    .as("the stolen key works until revoked")
                    .isEqualTo(1);

            // 1. TH rotates to a fresh key and certificate while running.
            NationalCa ca = NationalCa.of(
                    PemFiles.readPrivateKey(th.home.caKey(), null),
                    PemFiles.readCertificates(th.home.caCertificate()).get(0),
                    Clock.systemUTC());
            IssuedCertificate fresh = ca.issueNode(Duration.ofDays(90));
            PemFiles.writeCertificates(th.home.nodeCertificate(), List.of(fresh.chain()));
            PemFiles.writePrivateKey(th.home.nodeKey(), fresh.privateKey(), null);
            assertThat(th.admin()
                            .reloadNodeCertificate(ReloadNodeCertificateRequest.getDefaultInstance())
                            .getFingerprint())
                    .isEqualTo(Fingerprints.display(fresh.fingerprint()));

            // 2. TH revokes the stolen certificate with its CA key, outside the node, and publishes the list.
            RevocationList current = RevocationList.decode(th.admin()
                    .getRevocations(GetRevocationsRequest.getDefaultInstance())
                    .getEncoded()
                    .toByteArray());
            SignedRevocationList next = current.with(
                            RevocationList.Entry.of(stolen, Clock.systemUTC().instant(), "key stolen"),
                            current.sequence() + 1,
                            Clock.systemUTC().instant())
                    .sign(ca.privateKey());
            th.admin()
                    .publishRevocations(org.jaring.v1.SignedRevocationList.newBuilder()
                            .setEncoded(ByteString.copyFrom(next.encoded()))
                            .setSignature(ByteString.copyFrom(next.signature()))
                            .build());

            // 3. MY fetches TH's signed list (normally within federation.revocation_refresh).
            my.node.refreshRevocations();
            StatusRuntimeException refused =
                    catchThrowableOfType(StatusRuntimeException.class, () -> thief.lookup(ask));
            assertThat(refused.getStatus().getCode())
                    .as("on the thief's open connection")
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
            thiefChannel.shutdownNow();

            FederatedLookupResponse after =
                    th.analyst().lookupFederated(lookup(WALLET).build());
            assertThat(status(after, "MY-PDRM").getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
            assertThat(origins(after.getResults(0))).containsExactly("MY-PDRM");
        }
    }
}
