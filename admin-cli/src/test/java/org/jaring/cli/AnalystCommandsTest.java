package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.nio.file.Path;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.Offence;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The analyst's commands against two real nodes that pinned each other with the CLI's own trust commands. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalystCommandsTest {
    private static final String WALLET = "ETH:0x52908400098527886E0F7030069857D2E4169EE7";
    private CliNode th;
    private CliNode my;

    @BeforeAll
    void network(@TempDir Path dir) throws Exception {
        th = CliNode.init(dir.resolve("th"), "TH-CCIB").lookupDeadline("30s").start();
        my = CliNode.init(dir.resolve("my"), "MY-PDRM").start();
        th.pin(my, dir);
        my.pin(th, dir);
        ManagedChannel channel = OwnNodeClient.open(
                my.home.trustDir(),
                "127.0.0.1",
                my.node().nationalPort(),
                my.home.clientCertificate("admin"),
                my.home.clientKey("admin"),
                null);
        var stub = NationalServiceGrpc.newBlockingStub(channel);
        stub.putCase(PutCaseRequest.newBuilder()
                .setCase(Case.newBuilder()
                        .setCaseId("MY-1")
                        .addOffences(Offence.OFFENCE_FRAUD)
                        .setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN)))
                .build());
        stub.addIndicators(AddIndicatorsRequest.newBuilder()
                .setCaseId("MY-1")
                .addIndicators(Indicator.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_WALLET)
                        .setValue(WALLET)
                        .setConfidence(85))
                .build());
        channel.shutdownNow();
    }

    @AfterAll
    void stop() {
        my.close();
        th.close();
    }

    @Test
    void aFederatedLookupPrintsEachHitWithWhomToCallAndEachPeersOutcome() {
        CliNode.Run r = th.cli(
                        "lookup",
                        "--case-ref",
                        "TH-2026-0042",
                        "--legal-basis",
                        "asean-mlat",
                        "eth:0x52908400098527886e0f7030069857d2e4169ee7",
                        "nothing-here.example")
                .ok();
        assertThat(r.out())
                .containsPattern(WALLET.replace(".", "\\.") + " +wallet +MY-PDRM +CC\\.FRAUD +85 +GREEN")
                .contains("cc247@my-pdrm.example")
                .contains("MY-PDRM:")
                .containsPattern("nothing-here\\.example +domain +- +\\(no hit\\)")
                .containsPattern("MY-PDRM +answered");
    }

    @Test
    void aBlindLookupFindsTheSameHitAndShowsTheModeEachPeerAnsweredIn() {
        CliNode.Run table = th.cli("lookup", "--blind", "--case-ref", "TH-1", "--legal-basis", "asean-mlat", WALLET)
                .ok();
        assertThat(table.out())
                .containsPattern(WALLET.replace(".", "\\.") + " +wallet +MY-PDRM")
                .containsPattern("MY-PDRM +answered +blind");
        CliNode.Run json = th.cli(
                        "lookup",
                        "--json",
                        "--mode",
                        "blind-where-supported",
                        "--case-ref",
                        "TH-1",
                        "--legal-basis",
                        "asean-mlat",
                        WALLET)
                .ok();
        assertThat(json.out()).contains("\"originNode\": \"MY-PDRM\"").contains("\"mode\": \"LOOKUP_MODE_BLIND\"");
        CliNode.Run wrong =
                th.cli("lookup", "--mode", "secret", "--case-ref", "TH-1", "--legal-basis", "untoc", WALLET);
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).contains("--mode").contains("blind-where-supported");
    }

    @Test
    void jsonOutputCarriesTheSameAnswer() {
        CliNode.Run r = th.cli("lookup", "--json", "--case-ref", "TH-1", "--legal-basis", "police-cooperation", WALLET)
                .ok();
        assertThat(r.out()).contains("\"originNode\": \"MY-PDRM\"").contains("\"outcome\": \"PEER_OUTCOME_ANSWERED\"");
    }

    @Test
    void aLookupThatLeavesTheNodeMustStateItsPurpose() {
        CliNode.Run none = th.cli("lookup", WALLET);
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err())
                .contains("must state its purpose")
                .contains("--case-ref")
                .contains("asean-mlat");

        CliNode.Run badBasis = th.cli("lookup", "--case-ref", "x", "--legal-basis", "because", WALLET);
        assertThat(badBasis.exit()).isEqualTo(2);
        assertThat(badBasis.err()).contains("'because' is not a legal basis");

        CliNode.Run unknownPeer =
                th.cli("lookup", "--case-ref", "x", "--legal-basis", "untoc", "--peers", "VN-A05", WALLET);
        assertThat(unknownPeer.exit()).isEqualTo(1);
        assertThat(unknownPeer.err()).contains("peers[0]: 'VN-A05' is not a trusted peer");

        CliNode.Run malformed =
                th.cli("lookup", "--case-ref", "x", "--legal-basis", "untoc", "--type", "ipv4", "1.2.3.256");
        assertThat(malformed.exit()).isEqualTo(1);
        assertThat(malformed.err()).contains("not asked: '1.2.3.256'").doesNotContain("queries[0]");
    }

    @Test
    void anUnrecognisedValueIsRefusedByNameWhileTheRestAreAsked() {
        CliNode.Run r = th.cli("lookup", "--case-ref", "TH-7", "--legal-basis", "budapest", WALLET, "no such value!!");
        assertThat(r.exit()).as("some values were not asked").isEqualTo(1);
        assertThat(r.out()).containsPattern(WALLET.replace(".", "\\.") + " +wallet +MY-PDRM");
        assertThat(r.err())
                .contains("not asked: 'no such value!!': ")
                .contains("1 value(s) not asked; the other 1 were")
                .doesNotContain("queries[");
    }

    @Test
    void explainPrintsTheCanonicalFormEachValueWasAskedAs() {
        CliNode.Run r = th.cli(
                        "lookup",
                        "--local",
                        "--explain",
                        "eth:0x52908400098527886e0f7030069857d2e4169ee7",
                        "hxxps://Evil[.]example/a")
                .ok();
        assertThat(r.out())
                .containsPattern("GIVEN +ASKED AS TYPE +CANONICAL VALUE")
                .containsPattern("eth:0x52908400098527886e0f7030069857d2e4169ee7 +wallet +" + WALLET)
                .containsPattern("hxxps://Evil\\[\\.\\]example/a +url +https://evil\\.example/a");
    }

    @Test
    void theTableSaysWhenAValueIsOnAWarninglist() {
        CliNode.Run r = th.cli("lookup", "--local", "google.com").ok();
        assertThat(r.out()).contains("google.com is on the warninglist '").contains("no correlation alert");
    }

    @Test
    void aLocalLookupAsksOnlyTheOwnNode() {
        CliNode.Run r = th.cli("lookup", "--local", WALLET).ok();
        assertThat(r.out()).contains("(no record)").doesNotContain("MY-PDRM");
    }

    @Test
    void theHolderSeesWhoAskedAboutItsIndicatorsAndWhy() {
        th.cli("lookup", "--case-ref", "TH-2026-0099", "--legal-basis", "budapest", WALLET)
                .ok();
        CliNode.Run byValue = my.cli("disclosures", "--value", WALLET).ok();
        assertThat(byValue.out())
                .containsPattern("TH-CCIB +urn:jaring:admin:TH-CCIB:\\S+ +TH-2026-0099 +budapest")
                .contains("MY-1");
        CliNode.Run byCase = my.cli("disclosures", "--case", "MY-1").ok();
        assertThat(byCase.out()).contains("TH-2026-0099");
        CliNode.Run neither = my.cli("disclosures");
        assertThat(neither.exit()).isEqualTo(2);
    }
}
