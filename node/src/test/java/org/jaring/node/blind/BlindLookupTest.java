package org.jaring.node.blind;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.jaring.node.AuditRecords;
import org.jaring.node.FakePeer;
import org.jaring.node.PeerWire;
import org.jaring.node.RunningNode;
import org.jaring.node.store.ColumnFamily;
import org.jaring.v1.Audience;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.BlindEvaluateRequest;
import org.jaring.v1.BlindLookupRequest;
import org.jaring.v1.Case;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.Handling;
import org.jaring.v1.Hit;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.LookupMode;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.PeerStatus;
import org.jaring.v1.Purpose;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Tlp;
import org.jaring.v1.WithdrawIndicatorRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes over mutual TLS: TH asks blind, MY holds a value, SG holds nothing. The holder answers the hit;
 * neither holder nor bystander records a value it does not hold, in its audit log, its disclosures or its log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlindLookupTest {
    static final String WALLET = "ETH:0x52908400098527886E0F7030069857D2E4169EE7";
    static final String NOT_HELD = "journalist@press.example";

    RunningNode th;
    RunningNode my;
    RunningNode sg;
    Path dir;

    @BeforeAll
    void network(@TempDir Path dir) {
        this.dir = dir;
        th = new RunningNode(dir.resolve("th"), "TH-CCIB");
        my = new RunningNode(dir.resolve("my"), "MY-PDRM");
        sg = new RunningNode(dir.resolve("sg"), "SG-SPF", "blind:\n  evaluations_per_day: 3\n");
        for (RunningNode a : List.of(th, my, sg)) {
            for (RunningNode b : List.of(th, my, sg)) {
                if (a != b) {
                    a.trust(b, "asean");
                }
            }
        }
        my.holds("MY-1", green(), IndicatorType.INDICATOR_TYPE_WALLET, WALLET);
    }

    @AfterAll
    void stop() {
        sg.close();
        my.close();
        th.close();
    }

    static Handling green() {
        return Handling.newBuilder().setTlp(Tlp.TLP_GREEN).build();
    }

    static Purpose purpose() {
        return Purpose.newBuilder()
                .setCaseReference("TH-2026-0042")
                .setLegalBasis(LegalBasis.LEGAL_BASIS_ASEAN_MLAT)
                .build();
    }

    static FederatedLookupResponse ask(
            RunningNode from, LookupMode mode, List<String> peers, String... emailsOrWallets) {
        FederatedLookupRequest.Builder r = FederatedLookupRequest.newBuilder()
                .setPurpose(purpose())
                .setMode(mode)
                .addAllPeers(peers);
        for (String v : emailsOrWallets) {
            r.addQueries(LookupQuery.newBuilder()
                    .setType(v.contains("@") ? IndicatorType.INDICATOR_TYPE_EMAIL : IndicatorType.INDICATOR_TYPE_WALLET)
                    .setValue(v));
        }
        return from.analyst().lookupFederated(r.build());
    }

    static Map<String, PeerStatus> byPeer(FederatedLookupResponse response) {
        return response.getPeersList().stream().collect(Collectors.toMap(PeerStatus::getNodeId, p -> p));
    }

    static String everything(RunningNode node) throws Exception {
        StringBuilder all = new StringBuilder();
        for (AuditKind kind : AuditKind.values()) {
            if (kind != AuditKind.UNRECOGNIZED) {
                for (AuditRecord r : AuditRecords.of(node, kind)) {
                    all.append(r).append('\n');
                }
            }
        }
        // The disclosure records as stored, raw: a value would appear in its bytes.
        try (var it = node.node.store().newIterator(ColumnFamily.DISCLOSURES)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                all.append(new String(it.key(), StandardCharsets.ISO_8859_1))
                        .append(new String(it.value(), StandardCharsets.ISO_8859_1))
                        .append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void theHolderAnswersBlindAndNoOneRecordsAValueItDoesNotHold() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord r) {
                logged.add(String.valueOf(r.getMessage()) + " " + java.util.Arrays.toString(r.getParameters()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("org.jaring");
        Level before = root.getLevel();
        root.setLevel(Level.FINE);
        root.addHandler(capture);
        FederatedLookupResponse answer;
        try {
            answer = ask(th, LookupMode.LOOKUP_MODE_BLIND, List.of("MY-PDRM"), WALLET, NOT_HELD);
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }

        PeerStatus fromMy = byPeer(answer).get("MY-PDRM");
        assertThat(fromMy.getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
        assertThat(fromMy.getMode()).isEqualTo(LookupMode.LOOKUP_MODE_BLIND);
        assertThat(answer.getResults(0).getHitsList())
                .extracting(Hit::getOriginNode)
                .contains("MY-PDRM");
        assertThat(answer.getResults(1).getHitsList()).isEmpty();

        // The holder learns the value it holds (its tag matched), and records it, as a plain lookup would; never the
        // other one. Its evaluation record has counts only.
        String atMy = everything(my);
        assertThat(atMy).contains(WALLET.substring(4)).doesNotContain(NOT_HELD);
        assertThat(AuditRecords.of(my, AuditKind.AUDIT_KIND_BLIND_EVALUATED)).isNotEmpty();
        assertThat(AuditRecords.of(my, AuditKind.AUDIT_KIND_BLIND_LOOKUP_ANSWERED))
                .isNotEmpty();
        assertThat(logged).noneMatch(l -> l.contains(NOT_HELD) || l.contains(WALLET.substring(6)));
    }

    @Test
    void aBystanderThatHoldsNothingRecordsNoValue() throws Exception {
        FederatedLookupResponse answer = ask(th, LookupMode.LOOKUP_MODE_BLIND, List.of("SG-SPF"), NOT_HELD);
        assertThat(byPeer(answer).get("SG-SPF").getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
        String atSg = everything(sg);
        assertThat(atSg).doesNotContain(NOT_HELD).doesNotContain(WALLET.substring(6));
        assertThat(AuditRecords.of(sg, AuditKind.AUDIT_KIND_BLIND_EVALUATED)).isNotEmpty();
    }

    @Test
    void aPeerOverItsDailyBudgetIsRefusedWithResourceExhausted() {
        // SG allows 3 evaluations a day per peer; MY asks 2 (passes), then 2 more (refused).
        FederatedLookupResponse first =
                ask(my, LookupMode.LOOKUP_MODE_BLIND, List.of("SG-SPF"), "a@b.example", "c@d.example");
        assertThat(byPeer(first).get("SG-SPF").getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
        FederatedLookupResponse second =
                ask(my, LookupMode.LOOKUP_MODE_BLIND, List.of("SG-SPF"), "e@f.example", "g@h.example");
        PeerStatus refused = byPeer(second).get("SG-SPF");
        assertThat(refused.getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
        assertThat(refused.getDetail()).contains("RESOURCE_EXHAUSTED").contains("evaluations_per_day");
    }

    @Test
    void theTagIndexFollowsAWithdrawalAndAHandlingChange() {
        String withdrawn = "withdrawn@scam.example";
        String narrowed = "narrowed@scam.example";
        my.holds("MY-W", green(), IndicatorType.INDICATOR_TYPE_EMAIL, withdrawn);
        my.holds("MY-N", green(), IndicatorType.INDICATOR_TYPE_EMAIL, narrowed);
        FederatedLookupResponse before = ask(th, LookupMode.LOOKUP_MODE_BLIND, List.of("MY-PDRM"), withdrawn, narrowed);
        assertThat(before.getResults(0).getHitsCount()).isEqualTo(1);
        assertThat(before.getResults(1).getHitsCount()).isEqualTo(1);

        my.analyst()
                .withdrawIndicator(WithdrawIndicatorRequest.newBuilder()
                        .setCaseId("MY-W")
                        .setType(IndicatorType.INDICATOR_TYPE_EMAIL)
                        .setValue(withdrawn)
                        .setReason("entered in error")
                        .build());
        my.analyst()
                .putCase(PutCaseRequest.newBuilder()
                        .setCase(Case.newBuilder()
                                .setCaseId("MY-N")
                                .setTitle("case MY-N")
                                .addOffences(Offence.OFFENCE_FRAUD)
                                .setDefaultHandling(Handling.newBuilder()
                                        .setTlp(Tlp.TLP_AMBER)
                                        .setAudience(Audience.newBuilder().addNodes("SG-SPF"))))
                        .build());

        FederatedLookupResponse after = ask(th, LookupMode.LOOKUP_MODE_BLIND, List.of("MY-PDRM"), withdrawn, narrowed);
        assertThat(after.getResults(0).getHitsList()).isEmpty();
        assertThat(after.getResults(1).getHitsList()).isEmpty();
        assertThat(byPeer(after).get("MY-PDRM").getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
    }

    @Test
    void blindWhereSupportedAsksBlindAndPlainStaysPlain() {
        FederatedLookupResponse where =
                ask(th, LookupMode.LOOKUP_MODE_BLIND_WHERE_SUPPORTED, List.of("MY-PDRM"), WALLET);
        assertThat(byPeer(where).get("MY-PDRM").getMode()).isEqualTo(LookupMode.LOOKUP_MODE_BLIND);
        assertThat(where.getResults(0).getHitsCount()).isEqualTo(1);
        FederatedLookupResponse plain = ask(th, LookupMode.LOOKUP_MODE_UNSPECIFIED, List.of("MY-PDRM"), WALLET);
        assertThat(byPeer(plain).get("MY-PDRM").getMode()).isEqualTo(LookupMode.LOOKUP_MODE_PLAIN);
        assertThat(plain.getResults(0).getHitsCount()).isEqualTo(1);
    }

    @Test
    void aHostileAskerGetsInvalidArgumentNamingTheFieldAndNothingLeaks(@TempDir Path tmp) throws Exception {
        try (FakePeer hostile = new FakePeer(tmp, "VN-HOSTILE", my)) {
            PeerWire.pin(hostile, my, "asean");
            ManagedChannel channel = PeerWire.channel(hostile, my);
            try {
                PeerWire.Result shortElement = PeerWire.call(
                        channel,
                        PeerServiceGrpc.getBlindEvaluateMethod(),
                        BlindEvaluateRequest.newBuilder()
                                .setPurpose(purpose())
                                .setRequestId("6f1c2a3e-0000-4000-8000-000000000001")
                                .addBlindedElements(ByteString.copyFrom(new byte[5]))
                                .build()
                                .toByteArray());
                assertThat(shortElement.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(shortElement.status().getDescription()).contains("blinded_elements[0]");

                byte[] offCurve = new byte[33];
                offCurve[0] = 2;
                java.util.Arrays.fill(offCurve, 1, 33, (byte) 0xff); // x >= p: no point
                PeerWire.Result notAPoint = PeerWire.call(
                        channel,
                        PeerServiceGrpc.getBlindEvaluateMethod(),
                        BlindEvaluateRequest.newBuilder()
                                .setPurpose(purpose())
                                .setRequestId("6f1c2a3e-0000-4000-8000-000000000002")
                                .addBlindedElements(ByteString.copyFrom(offCurve))
                                .build()
                                .toByteArray());
                assertThat(notAPoint.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(notAPoint.status().getDescription()).contains("blinded_elements");

                PeerWire.Result badTag = PeerWire.call(
                        channel,
                        PeerServiceGrpc.getBlindLookupMethod(),
                        BlindLookupRequest.newBuilder()
                                .setPurpose(purpose())
                                .setRequestId("6f1c2a3e-0000-4000-8000-000000000003")
                                .addTags(ByteString.copyFrom(new byte[31]))
                                .build()
                                .toByteArray());
                assertThat(badTag.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(badTag.status().getDescription()).contains("tags[0]");

                BlindLookupRequest.Builder tooMany = BlindLookupRequest.newBuilder()
                        .setPurpose(purpose())
                        .setRequestId("6f1c2a3e-0000-4000-8000-000000000004");
                for (int i = 0; i < my.config().limits().maxBatchValues() + 1; i++) {
                    tooMany.addTags(ByteString.copyFrom(new byte[32]));
                }
                PeerWire.Result oversized = PeerWire.call(
                        channel,
                        PeerServiceGrpc.getBlindLookupMethod(),
                        tooMany.build().toByteArray());
                assertThat(oversized.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

                // Random tags of the right shape match nothing: an answer with no hit.
                PeerWire.Result random = PeerWire.call(
                        channel,
                        PeerServiceGrpc.getBlindLookupMethod(),
                        BlindLookupRequest.newBuilder()
                                .setPurpose(purpose())
                                .setRequestId("6f1c2a3e-0000-4000-8000-000000000005")
                                .setKeyEpoch(0)
                                .addTags(ByteString.copyFrom(new byte[32]))
                                .build()
                                .toByteArray());
                assertThat(random.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(random.status().getDescription()).contains("key_epoch");
            } finally {
                channel.shutdownNow();
            }
        }
    }
}
