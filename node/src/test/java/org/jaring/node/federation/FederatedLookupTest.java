package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.node.RunningNode;
import org.jaring.v1.AddPeerRequest;
import org.jaring.v1.Audience;
import org.jaring.v1.Disclosure;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.FederatedLookupResult;
import org.jaring.v1.Handling;
import org.jaring.v1.Hit;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.ListDisclosuresRequest;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.PeerStatus;
import org.jaring.v1.Purpose;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes (TH, MY, SG) on 127.0.0.1 with their own national CAs, trusting each other through the
 * admin service: hits, no hits, the sharing policy at the source, purpose recorded on both sides, and bad
 * requests. Tests that stop or distrust a node build their own network (see FederationFailureTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FederatedLookupTest {
    static final String WALLET = "ETH:0x52908400098527886E0F7030069857D2E4169EE7";
    static final String DOMAIN = "asean-parcel-redelivery.com";
    static final String RED_EMAIL = "handler@protonmail.example";
    static final String SG_ONLY_PHONE = "+60123456789";

    RunningNode th;
    RunningNode my;
    RunningNode sg;

    @BeforeAll
    void network(@TempDir Path dir) {
        th = new RunningNode(dir.resolve("th"), "TH-CCIB");
        my = new RunningNode(dir.resolve("my"), "MY-PDRM");
        sg = new RunningNode(dir.resolve("sg"), "SG-SPF");
        meshTrust(th, my, sg);
        my.holds(
                "MY-1",
                Handling.newBuilder().setTlp(Tlp.TLP_GREEN).build(),
                IndicatorType.INDICATOR_TYPE_WALLET,
                WALLET);
        my.holds(
                "MY-2",
                Handling.newBuilder()
                        .setTlp(Tlp.TLP_AMBER)
                        .setAudience(Audience.newBuilder().addGroups("asean"))
                        .build(),
                IndicatorType.INDICATOR_TYPE_DOMAIN,
                DOMAIN);
        my.holds(
                "MY-3",
                Handling.newBuilder().setTlp(Tlp.TLP_RED).build(),
                IndicatorType.INDICATOR_TYPE_EMAIL,
                RED_EMAIL);
        my.holds(
                "MY-4",
                Handling.newBuilder()
                        .setTlp(Tlp.TLP_AMBER_STRICT)
                        .setAudience(Audience.newBuilder().addNodes("SG-SPF"))
                        .build(),
                IndicatorType.INDICATOR_TYPE_PHONE,
                SG_ONLY_PHONE);
        sg.holds(
                "SG-1",
                Handling.newBuilder().setTlp(Tlp.TLP_CLEAR).build(),
                IndicatorType.INDICATOR_TYPE_DOMAIN,
                DOMAIN);
    }

    /** Every node trusts every other, all in group "asean". */
    static void meshTrust(RunningNode... nodes) {
        for (RunningNode a : nodes) {
            for (RunningNode b : nodes) {
                if (a != b) {
                    a.trust(b, "asean");
                }
            }
        }
    }

    @AfterAll
    void stop() {
        sg.close();
        my.close();
        th.close();
    }

    static Purpose purpose() {
        return Purpose.newBuilder()
                .setCaseReference("TH-2026-0042")
                .setLegalBasis(LegalBasis.LEGAL_BASIS_ASEAN_MLAT)
                .build();
    }

    /**
     * A lookup of {@code values} with a deadline far above the milliseconds a running peer takes to answer, even on
     * a loaded machine: a peer reported timed out here is a peer that hangs. The lookup returns as soon as every
     * peer has answered or refused, so a passing test never waits for the deadline.
     */
    static FederatedLookupRequest.Builder lookup(String... values) {
        FederatedLookupRequest.Builder b =
                FederatedLookupRequest.newBuilder().setPurpose(purpose()).setDeadlineMillis(30_000);
        for (String v : values) {
            b.addQueries(LookupQuery.newBuilder().setValue(v));
        }
        return b;
    }

    static Map<String, PeerOutcome> outcomes(FederatedLookupResponse r) {
        return r.getPeersList().stream().collect(Collectors.toMap(PeerStatus::getNodeId, PeerStatus::getOutcome));
    }

    static List<String> origins(FederatedLookupResult r) {
        return r.getHitsList().stream().map(Hit::getOriginNode).sorted().toList();
    }

    @Test
    void hitsComeFromEveryPeerThatHoldsTheValueAndMayShowIt() {
        FederatedLookupResponse r = th.analyst()
                .lookupFederated(lookup(
                                "eth:0x52908400098527886e0f7030069857d2e4169ee7",
                                "ASEAN-Parcel-Redelivery.com.",
                                "nothing-here.example")
                        .build());
        assertThat(outcomes(r))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "MY-PDRM", PeerOutcome.PEER_OUTCOME_ANSWERED, "SG-SPF", PeerOutcome.PEER_OUTCOME_ANSWERED));
        assertThat(r.getResults(0).getCanonicalValue()).isEqualTo(WALLET);
        assertThat(origins(r.getResults(0))).containsExactly("MY-PDRM");
        assertThat(origins(r.getResults(1))).containsExactly("MY-PDRM", "SG-SPF");
        assertThat(r.getResults(2).getHitsList()).isEmpty();

        Hit wallet = r.getResults(0).getHits(0);
        assertThat(wallet.getTlp()).isEqualTo(Tlp.TLP_GREEN);
        assertThat(wallet.getOffencesList()).containsExactly(Offence.OFFENCE_FRAUD);
        assertThat(wallet.getConfidence()).isEqualTo(80);
        assertThat(wallet.getCaseHandle()).startsWith("MY-PDRM:").doesNotContain("MY-1");
        assertThat(wallet.getContact().getEmail()).isEqualTo("cc247@my-pdrm.example");
        assertThat(wallet.getContact().getUnit()).isNotEmpty();
    }

    @Test
    void redAndNarrowAudiencesNeverLeaveAndLookLikeNoHit() {
        FederatedLookupResponse fromTh =
                th.analyst().lookupFederated(lookup(RED_EMAIL, SG_ONLY_PHONE).build());
        assertThat(fromTh.getResults(0).getHitsList()).isEmpty();
        assertThat(fromTh.getResults(1).getHitsList()).isEmpty();

        FederatedLookupResponse fromSg =
                sg.analyst().lookupFederated(lookup(RED_EMAIL, SG_ONLY_PHONE).build());
        assertThat(fromSg.getResults(0).getHitsList())
                .as("RED stays in MY even for SG")
                .isEmpty();
        assertThat(origins(fromSg.getResults(1))).containsExactly("MY-PDRM");
        assertThat(fromSg.getResults(1).getHits(0).getTlp()).isEqualTo(Tlp.TLP_AMBER_STRICT);

        FederatedLookupResponse atHome =
                my.analyst().lookupFederated(lookup(RED_EMAIL).build());
        assertThat(origins(atHome.getResults(0)))
                .as("the owner's own analysts see it")
                .containsExactly("MY-PDRM");
    }

    @Test
    void bothSidesRecordWhoAskedWhatAndWhy() {
        th.analyst().lookupFederated(lookup(WALLET, RED_EMAIL).build());

        List<Disclosure> asked = th.analyst()
                .listDisclosures(ListDisclosuresRequest.newBuilder()
                        .setValue(LookupQuery.newBuilder().setValue(WALLET))
                        .build())
                .getDisclosuresList();
        assertThat(asked).isNotEmpty();
        assertThat(asked.get(0).getAskingNode()).isEqualTo("TH-CCIB");
        assertThat(asked.get(0).getPurpose().getCaseReference()).isEqualTo("TH-2026-0042");
        assertThat(asked.get(0).getPurpose().getAnalyst()).isEqualTo("urn:jaring:analyst:TH-CCIB:analyst");
        assertThat(asked.get(0).getDisclosedHits()).isEqualTo(1);

        List<Disclosure> seenByMy = my.analyst()
                .listDisclosures(
                        ListDisclosuresRequest.newBuilder().setCaseId("MY-3").build())
                .getDisclosuresList();
        assertThat(seenByMy).isNotEmpty();
        Disclosure red = seenByMy.get(0);
        assertThat(red.getAskingNode()).isEqualTo("TH-CCIB");
        assertThat(red.getValue()).isEqualTo(RED_EMAIL);
        assertThat(red.getMatchedCasesList()).containsExactly("MY-3");
        assertThat(red.getDisclosedHits())
                .as("asked about, matched, but withheld")
                .isZero();
        assertThat(red.getPurpose().getLegalBasis()).isEqualTo(LegalBasis.LEGAL_BASIS_ASEAN_MLAT);
        assertThat(red.getRequestId()).isEqualTo(asked.get(0).getRequestId());
    }

    @Test
    void aLookupWithoutPurposeOrWithBadValuesIsRefusedWithTheFieldNamed() {
        StatusRuntimeException noPurpose = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> th.analyst().lookupFederated(lookup(WALLET).clearPurpose().build()));
        assertThat(noPurpose.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(noPurpose.getStatus().getDescription()).startsWith("purpose: missing");

        StatusRuntimeException noBasis = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> th.analyst()
                        .lookupFederated(lookup(WALLET)
                                .setPurpose(Purpose.newBuilder().setCaseReference("x"))
                                .build()));
        assertThat(noBasis.getStatus().getDescription()).contains("purpose.legal_basis: missing");

        StatusRuntimeException malformed = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> th.analyst()
                        .lookupFederated(lookup(WALLET)
                                .addQueries(LookupQuery.newBuilder()
                                        .setType(IndicatorType.INDICATOR_TYPE_IPV4)
                                        .setValue("1.2.3.256"))
                                .build()));
        assertThat(malformed.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(malformed.getStatus().getDescription()).contains("queries[1].value");

        StatusRuntimeException unknownPeer = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> th.analyst()
                        .lookupFederated(lookup(WALLET).addPeers("VN-A05").build()));
        assertThat(unknownPeer.getStatus().getDescription()).contains("peers[0]: 'VN-A05' is not a trusted peer");
    }

    @Test
    void aLookupCanBeLimitedToSelectedPeers() {
        FederatedLookupResponse r =
                th.analyst().lookupFederated(lookup(DOMAIN).addPeers("SG-SPF").build());
        assertThat(outcomes(r)).containsOnlyKeys("SG-SPF");
        assertThat(origins(r.getResults(0))).containsExactly("SG-SPF");
    }

    @Test
    void aPeerCertificateIsTheOnlyIdentityAPeerHas() throws Exception {
        // TH's admin client certificate is valid for TH's own admin service, never for a peer's service.
        PeerServiceGrpc.PeerServiceBlockingStub asAdmin =
                PeerServiceGrpc.newBlockingStub(th.channel(my.node.peerPort(), "admin"));
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class, () -> asAdmin.lookup(PeerLookupRequest.getDefaultInstance()));
        assertThat(e.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED);

        // An anchor offered with a fingerprint nobody confirmed is refused, and nothing is added.
        String pem = PemFiles.toPem(
                PemFiles.readCertificates(sg.home.caCertificate()).get(0));
        StatusRuntimeException mismatch = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> my.admin()
                        .addPeer(AddPeerRequest.newBuilder()
                                .setNodeId("ID-POLRI")
                                .setCaCertificatePem(pem)
                                .setEndpoint("127.0.0.1:1")
                                .setConfirmedFingerprint(
                                        Fingerprints.sha256(PemFiles.readCertificates(th.home.caCertificate())
                                                .get(0)))
                                .build()));
        assertThat(mismatch.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(mismatch.getStatus().getDescription()).startsWith("fingerprint mismatch");
        assertThat(my.node.trust().snapshot().peer(NodeId.of("ID-POLRI"))).isEmpty();
    }
}
