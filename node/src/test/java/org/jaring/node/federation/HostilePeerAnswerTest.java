package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.node.AuditRecords;
import org.jaring.node.RunningNode;
import org.jaring.node.TestConfigs;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.BlockPeerCertificateRequest;
import org.jaring.v1.Disclosure;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.Handling;
import org.jaring.v1.Hit;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.ListDisclosuresRequest;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerStatus;
import org.jaring.v1.Purpose;
import org.jaring.v1.QueryHits;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trusted peer acting in bad faith ({@link HostileLookupPeer}: a real node certificate of a trusted state, real
 * mutual TLS) answers a federated lookup of TH with crafted answers, next to an honest peer (MY, a real node).
 * Every bad answer is ID-POLRI's REFUSED outcome with a short reason naming the field; MY's hit still reaches the
 * analyst; nothing of the bad answer does; the refused answer is kept in the audit log as received.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostilePeerAnswerTest {
    static final String WALLET = FederatedLookupTest.WALLET;
    static final String DOMAIN = "parcel-hold-notice.example";
    static final String HOSTILE = "ID-POLRI";
    /** Small caps, so the size rules are exercised without huge answers. */
    static final String CAPS =
            "federation: {max_answer_hits_per_value: 5, max_answer_hits: 8}\nsync: {interval: 1h, batch_items: 50}\n";

    RunningNode th;
    RunningNode my;
    HostileLookupPeer id;

    @BeforeAll
    void network(@TempDir Path dir) throws Exception {
        th = new RunningNode(dir.resolve("th"), "TH-CCIB", CAPS);
        // TH asks MY once per case: thousands of lookups in a long run, far past MY's default lookup budget.
        my = new RunningNode(
                dir.resolve("my"),
                "MY-PDRM",
                TestConfigs.GENEROUS_PEER_BUDGETS + "sync: {interval: 1h, batch_items: 50}\n");
        FederatedLookupTest.meshTrust(th, my);
        my.holds(
                "MY-1",
                Handling.newBuilder().setTlp(Tlp.TLP_GREEN).build(),
                IndicatorType.INDICATOR_TYPE_WALLET,
                WALLET);
        id = new HostileLookupPeer(dir.resolve("id"), HOSTILE, th);
    }

    @AfterAll
    void stop() {
        id.close();
        my.close();
        th.close();
    }

    static FederatedLookupRequest request() {
        return FederatedLookupRequest.newBuilder()
                .setPurpose(Purpose.newBuilder()
                        .setCaseReference("TH-2026-22")
                        .setLegalBasis(LegalBasis.LEGAL_BASIS_BILATERAL_TREATY))
                .addQueries(LookupQuery.newBuilder().setValue(WALLET))
                .addQueries(LookupQuery.newBuilder()
                        .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                        .setValue(DOMAIN))
                .setDeadlineMillis(30_000) // far from any expected time: MY must answer even on a loaded machine
                .build();
    }

    static PeerStatus status(FederatedLookupResponse r, String peer) {
        return r.getPeersList().stream()
                .filter(p -> p.getNodeId().equals(peer))
                .findFirst()
                .orElseThrow();
    }

    /** A crafted answer, altered from a valid one, signed by the hostile peer's own node key. */
    private HostileLookupPeer.Answer altered(BiConsumer<PeerLookupRequest, PeerLookupResponse.Builder> change) {
        return request -> {
            PeerLookupResponse.Builder b = id.valid(request.message());
            change.accept(request.message(), b);
            return HostileLookupPeer.signed(id.peer.keys, request, b);
        };
    }

    /** A valid answer signed by another key than the peer's node key. */
    private HostileLookupPeer.Answer signedBy(KeySource keys) {
        return request -> HostileLookupPeer.signed(keys, request, id.valid(request.message()));
    }

    /** Asks with the hostile peer answering {@code answer}; asserts what holds for every refused answer. */
    private FederatedLookupResponse refused(HostileLookupPeer.Answer answer, String reason) throws Exception {
        id.answer(answer);
        FederatedLookupResponse r = th.analyst().lookupFederated(request()); // never INTERNAL: it returns
        PeerStatus s = status(r, HOSTILE);
        assertThat(s.getOutcome()).as(reason).isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
        assertThat(s.getDetail())
                .startsWith("this node refused the peer's answer: ")
                .contains(reason);
        assertThat(s.getDetail().length()).isLessThanOrEqualTo(BoundedText.MAX_DETAIL_CHARS + 10);
        assertThat(s.getDetail()).doesNotContainPattern("\\p{Cntrl}");
        assertThat(s.getHits()).isZero();

        // The honest peer's hit still reaches the analyst, and nothing of the refused answer does.
        assertThat(status(r, "MY-PDRM").getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
        assertThat(r.getResults(0).getHitsList()).extracting(Hit::getOriginNode).containsExactly("MY-PDRM");
        assertThat(r.getResults(1).getHitsList()).isEmpty();

        // Recorded as received evidence, with the refusal, under the lookup's request ID.
        AuditRecord asked = lastRecord(AuditKind.AUDIT_KIND_LOOKUP_ASKED);
        assertThat(asked.getSubject()).isEqualTo(r.getRequestId());
        assertThat(asked.getDetailsList())
                .anyMatch(d -> d.getKey().equals("answer " + HOSTILE)
                        && Arrays.equals(d.getData().toByteArray(), id.lastSent()))
                .anyMatch(d -> d.getKey().equals("peer")
                        && d.getValue().startsWith(HOSTILE + " PEER_OUTCOME_REFUSED")
                        && d.getValue().contains(reason));
        // The disclosure rows count only the hits that reached the analyst.
        List<Disclosure> rows = th.analyst()
                .listDisclosures(ListDisclosuresRequest.newBuilder()
                        .setValue(LookupQuery.newBuilder().setValue(WALLET))
                        .build())
                .getDisclosuresList();
        assertThat(rows)
                .filteredOn(d -> d.getRequestId().equals(r.getRequestId()))
                .singleElement()
                .extracting(Disclosure::getDisclosedHits)
                .isEqualTo(1);
        return r;
    }

    @Test
    void anHonestAnswerOfTheHostilePeerIsUsed() {
        id.answer(id::honest);
        FederatedLookupResponse r = th.analyst().lookupFederated(request());
        assertThat(status(r, HOSTILE).getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
        assertThat(r.getResults(0).getHitsList())
                .extracting(Hit::getOriginNode)
                .containsExactlyInAnyOrder("MY-PDRM", HOSTILE);
        assertThat(r.getResults(1).getHitsList()).extracting(Hit::getOriginNode).containsExactly(HOSTILE);
    }

    @Test
    void aQueryIndexOutOfRangeIsRefusedNotAnInternalError() throws Exception {
        refused(
                altered((q, b) -> b.setResults(0, b.getResults(0).toBuilder().setQueryIndex(-1))),
                "results[0].query_index: 4294967295 is out of range (2 values asked)");
        refused(
                altered((q, b) -> b.setResults(1, b.getResults(1).toBuilder().setQueryIndex(2))),
                "results[1].query_index: 2 is out of range");
        refused(
                altered((q, b) -> b.setResults(0, b.getResults(0).toBuilder().setQueryIndex(Integer.MIN_VALUE))),
                "results[0].query_index: 2147483648 is out of range");
        // Even without hits: an answer to a question nobody asked is no answer to this one.
        refused(
                altered((q, b) -> b.addResults(QueryHits.newBuilder().setQueryIndex(7))),
                "results: 3 entries for 2 values asked");
        refused(
                altered((q, b) -> b.setResults(1, b.getResults(1).toBuilder().setQueryIndex(0))),
                "results[1].query_index: 0 is answered twice");
    }

    @Test
    void aHitMustBeTheValueAskedAsTheAnsweringPeer() throws Exception {
        refused(
                altered((q, b) -> b.setResults(
                        0,
                        b.getResults(0).toBuilder()
                                .setHits(
                                        0,
                                        b.getResults(0).getHits(0).toBuilder().setOriginNode("MY-PDRM")))),
                "results[0].hits[0].origin_node: not the answering peer ID-POLRI");
        refused(
                altered((q, b) -> b.setResults(
                        0,
                        b.getResults(0).toBuilder()
                                .setHits(
                                        0,
                                        b.getResults(0).getHits(0).toBuilder().setOriginNode("")))),
                "origin_node: not the answering peer");
        refused(
                altered((q, b) -> b.setResults(
                        1,
                        b.getResults(1).toBuilder()
                                .setHits(
                                        0,
                                        b.getResults(1).getHits(0).toBuilder().setValue("nobody-asked.example")))),
                "results[1].hits[0].value: not the canonical value asked at this query_index");
        refused(
                altered((q, b) -> b.setResults(
                        1,
                        b.getResults(1).toBuilder()
                                .setHits(
                                        0,
                                        b.getResults(1).getHits(0).toBuilder()
                                                .setValue(DOMAIN.toUpperCase(Locale.ROOT))))),
                "value: not the canonical value asked");
        refused(
                altered((q, b) -> b.setResults(
                        1,
                        b.getResults(1).toBuilder()
                                .setHits(
                                        0,
                                        b.getResults(1).getHits(0).toBuilder()
                                                .setType(IndicatorType.INDICATOR_TYPE_URL)))),
                "results[1].hits[0].type: not the type asked at this query_index");
        // The value asked at the other index: a real value of this lookup, answered in the wrong place.
        refused(
                altered((q, b) -> b.setResults(1, b.getResults(1).toBuilder().setHits(0, id.hit(q, 0)))),
                "results[1].hits[0].type: not the type asked");
    }

    @Test
    void anAnswerIsBoundedInHitsAndText() throws Exception {
        refused(
                altered((q, b) -> {
                    QueryHits.Builder many = b.getResults(1).toBuilder();
                    for (int i = 0; i < 5; i++) {
                        many.addHits(id.hit(q, 1));
                    }
                    b.setResults(1, many);
                }),
                "results[1].hits: 6 hits, above the maximum of 5 per value");
        refused(
                altered((q, b) -> {
                    for (int r = 0; r < 2; r++) {
                        QueryHits.Builder more = b.getResults(r).toBuilder();
                        for (int i = 0; i < 4; i++) {
                            more.addHits(id.hit(q, r));
                        }
                        b.setResults(r, more);
                    }
                }),
                "results: more than 8 hits in one answer");
        refused(
                altered((q, b) -> b.setResults(
                        0,
                        b.getResults(0).toBuilder()
                                .setHits(
                                        0,
                                        b.getResults(0).getHits(0).toBuilder()
                                                .setContact(b.getResults(0).getHits(0).getContact().toBuilder()
                                                        .setUnit("x"
                                                                .repeat(PeerAnswerRules.MAX_CONTACT_FIELD_CHARS
                                                                        + 1)))))),
                "results[0].hits[0].contact.unit: 257 characters, above the maximum of 256");
        refused(
                altered((q, b) -> b.setResults(
                        0,
                        b.getResults(0).toBuilder()
                                .setHits(
                                        0,
                                        b.getResults(0).getHits(0).toBuilder()
                                                .setCaseHandle("ID-POLRI:A\r\nMY-PDRM  | forged row")))),
                "results[0].hits[0].case_handle: holds a control character (U+000D)");
        refused(
                altered((q, b) -> b.setResults(
                        0,
                        b.getResults(0).toBuilder()
                                .setHits(
                                        0,
                                        b.getResults(0).getHits(0).toBuilder().setConfidence(-1)))),
                "confidence: 4294967295 is outside 0 to 100");
        refused(
                altered((q, b) -> b.setResults(
                        0,
                        b.getResults(0).toBuilder()
                                .setHits(
                                        0,
                                        b.getResults(0).getHits(0).toBuilder().setTlpValue(42)))),
                "tlp: 42 is not a TLP level this node knows");
        refused(
                altered((q, b) -> b.setResults(
                        0,
                        b.getResults(0).toBuilder()
                                .setHits(
                                        0,
                                        b.getResults(0).getHits(0).toBuilder().setTlp(Tlp.TLP_UNSPECIFIED)))),
                "tlp: a peer's hit must carry its TLP level, not TLP_UNSPECIFIED");
        refused(
                altered((q, b) -> b.setResults(
                        0,
                        b.getResults(0).toBuilder()
                                .setHits(
                                        0,
                                        b.getResults(0).getHits(0).toBuilder()
                                                .setFirstSeen(
                                                        Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))))),
                "first_seen: not a valid timestamp");
    }

    @Test
    void aFieldThisNodeDoesNotKnowIsNotPassedOn() {
        id.answer(request -> {
            PeerLookupResponse.Builder b = id.valid(request.message());
            Hit hit = b.getResults(1).getHits(0);
            b.setResults(
                    1,
                    b.getResults(1).toBuilder()
                            .setHits(
                                    0,
                                    hit.toBuilder()
                                            .setUnknownFields(UnknownFieldSet.newBuilder()
                                                    .addField(
                                                            99,
                                                            UnknownFieldSet.Field.newBuilder()
                                                                    .addLengthDelimited(
                                                                            ByteString.copyFromUtf8("x".repeat(10_000)))
                                                                    .build())
                                                    .build())));
            return HostileLookupPeer.signed(id.peer.keys, request, b);
        });
        FederatedLookupResponse r = th.analyst().lookupFederated(request());
        assertThat(status(r, HOSTILE).getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
        Hit passed = r.getResults(1).getHits(0);
        assertThat(passed.getOriginNode()).isEqualTo(HOSTILE);
        assertThat(passed.getUnknownFields().asMap())
                .as("only what was checked reaches the analyst")
                .isEmpty();
    }

    @Test
    void theSignerMustBeANodeCertificateOfThatPeerTheConnectionRulesAccept() throws Exception {
        NationalCa ca = id.peer.ca;
        // Issued by the peer's own national CA with the project's PKI code: each chains to the pinned anchor.
        refused(
                signedBy(KeySource.of(ca.issueAnalyst("rogue", Duration.ofDays(1)))),
                "the signer certificate is not a node certificate of ID-POLRI that this node accepts"
                        + " (ROLE_NOT_ALLOWED: ANALYST is not allowed here: a lookup answer must be signed by a node"
                        + " certificate)");
        refused(signedBy(KeySource.of(ca.issueAdmin("rogue", Duration.ofDays(1)))), "(ROLE_NOT_ALLOWED");
        refused(
                signedBy(KeySource.of(ca.issueCustom(
                        List.of("urn:jaring:node:MY-PDRM"),
                        Set.of(NationalCa.Usage.SERVER_AUTH, NationalCa.Usage.CLIENT_AUTH),
                        Duration.ofDays(1)))),
                "(WRONG_NODE: signer is MY-PDRM, expected ID-POLRI)");
        refused(
                signedBy(KeySource.of(ca.issueCustom(
                        List.of("urn:jaring:node:ID-POLRI"),
                        Set.of(NationalCa.Usage.CLIENT_AUTH),
                        Duration.ofDays(1)))),
                "(BAD_KEY_USAGE");
        refused(
                signedBy(KeySource.of(ca.issueCustom(
                        List.of(),
                        Set.of(NationalCa.Usage.SERVER_AUTH, NationalCa.Usage.CLIENT_AUTH),
                        Duration.ofDays(1)))),
                "(BAD_IDENTITY");
        // A node certificate of ID-POLRI from another CA than the pinned one.
        refused(
                signedBy(KeySource.of(NationalCa.create(NodeId.of(HOSTILE)).issueNode(Duration.ofDays(1)))),
                "(BAD_CHAIN");
        // A node certificate of the peer blocked here: refused for answers as for connections.
        var second = ca.issueNode(Duration.ofDays(1));
        th.admin()
                .blockPeerCertificate(BlockPeerCertificateRequest.newBuilder()
                        .setNodeId(HOSTILE)
                        .setFingerprint(Fingerprints.sha256(second.certificate()))
                        .setReason("test")
                        .build());
        refused(signedBy(KeySource.of(second)), "(REVOKED");
    }

    @Test
    void aMalformedOrUnsignedAnswerIsThatPeersRefusal() throws Exception {
        id.answer(request -> new byte[] {(byte) 0xff, 0x01, 0x02});
        FederatedLookupResponse r = th.analyst().lookupFederated(request());
        assertThat(status(r, HOSTILE).getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
        assertThat(status(r, HOSTILE).getDetail())
                .startsWith("this node refused the peer's answer: it could not be read"
                        + " (INTERNAL: the peer sent a malformed message");
        assertThat(r.getResults(0).getHitsList()).extracting(Hit::getOriginNode).containsExactly("MY-PDRM");
        refused(request -> id.valid(request.message()).build().toByteArray(), "the answer is not signed");
    }

    @Test
    void aPeersErrorTextReachesTheAnalystEscapedAndCut() {
        id.answer(request -> {
            throw Status.PERMISSION_DENIED
                    .withDescription(
                            "denied\r\nMY-PDRM  PEER_OUTCOME_ANSWERED hits=99 \u001b[2J" + "\u202e" + "x".repeat(3_000))
                    .asRuntimeException();
        });
        FederatedLookupResponse r = th.analyst().lookupFederated(request());
        PeerStatus s = status(r, HOSTILE);
        assertThat(s.getOutcome()).isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
        assertThat(s.getDetail())
                .startsWith("PERMISSION_DENIED: denied\\u000D\\u000AMY-PDRM  PEER_OUTCOME_ANSWERED hits=99"
                        + " \\u001B[2J\\u202E")
                .endsWith("...(cut)");
        assertThat(s.getDetail().length()).isLessThanOrEqualTo(BoundedText.MAX_DETAIL_CHARS + 8);
        assertThat(r.getResults(0).getHitsList()).extracting(Hit::getOriginNode).containsExactly("MY-PDRM");
    }

    /**
     * Seeded: a valid signed answer with one to three random changes to its fields (re-signed by the peer's node
     * key, so only the content is at fault), sometimes broken on the wire after signing or signed by an analyst
     * certificate of that state. Whatever the peer sends, the lookup never fails (no INTERNAL, no UNKNOWN), the
     * honest peer's hit arrives, a hit that breaks a rule never reaches the analyst, and a re-signed answer is
     * refused exactly when the oracle (written apart from the node's rules) says it breaks one.
     * {@code -Djaring.answers.seed=N -Djaring.answers.cases=M} runs another or a larger set; the slow profile
     * ({@code -P slow}) runs 2,000 cases.
     */
    @Test
    void seededMutationsOfASignedAnswerNeverFailTheLookupNorPassABadHit() throws Exception {
        mutatedAnswers(Integer.getInteger("jaring.answers.cases", 150));
    }

    @Tag("slow")
    @Test
    void twoThousandSeededMutationsOfASignedAnswerNeverFailTheLookupNorPassABadHit() throws Exception {
        mutatedAnswers(2_000);
    }

    private void mutatedAnswers(int cases) throws Exception {
        long seed = Long.getLong("jaring.answers.seed", 22L);
        Random rnd = new Random(seed);
        AnswerMutations mutations = new AnswerMutations(rnd, HOSTILE, 5, 8);
        KeySource analyst = KeySource.of(id.peer.ca.issueAnalyst("rogue", Duration.ofDays(1)));
        var stub = th.analyst();

        id.answer(request -> HostileLookupPeer.signed(id.peer.keys, request, PeerLookupResponse.newBuilder()));
        Hit honest = stub.lookupFederated(request()).getResults(0).getHits(0);
        assertThat(honest.getOriginNode()).isEqualTo("MY-PDRM");

        int answered = 0;
        int refusedCount = 0;
        for (int c = 0; c < cases; c++) {
            String at = "seed " + seed + " case " + c;
            int how = rnd.nextInt(20); // 0-2: broken on the wire; 3: analyst signer; else re-signed content
            AtomicReference<PeerLookupResponse> sent = new AtomicReference<>();
            long wireSeed = rnd.nextLong();
            id.answer(request -> {
                PeerLookupResponse.Builder b = id.valid(request.message());
                mutations.mutate(request.message(), b, id);
                byte[] bytes = HostileLookupPeer.signed(how == 3 ? analyst : id.peer.keys, request, b);
                if (how <= 2) {
                    bytes = broken(bytes, new Random(wireSeed), how);
                }
                try {
                    sent.set(PeerLookupResponse.parseFrom(bytes));
                } catch (InvalidProtocolBufferException e) {
                    sent.set(null);
                }
                return bytes;
            });
            FederatedLookupResponse r;
            try {
                r = stub.lookupFederated(request());
            } catch (StatusRuntimeException e) {
                throw new AssertionError(at + ": the lookup failed with " + e.getStatus(), e);
            }
            PeerStatus s = status(r, HOSTILE);
            assertThat(status(r, "MY-PDRM").getOutcome()).as(at).isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
            assertThat(s.getDetail().length()).as(at).isLessThanOrEqualTo(BoundedText.MAX_DETAIL_CHARS + 10);
            assertThat(AnswerMutations.shown(s.getDetail(), Integer.MAX_VALUE))
                    .as(at + ": " + s.getDetail())
                    .isTrue();

            // Every hit but MY's own is the hostile peer's and keeps every rule; none at all unless it answered.
            List<Hit> wallet = new ArrayList<>(r.getResults(0).getHitsList());
            assertThat(wallet.remove(honest))
                    .as(at + ": the honest peer's hit arrives")
                    .isTrue();
            List<List<Hit>> fromHostile = List.of(wallet, r.getResults(1).getHitsList());
            PeerLookupRequest asked = PeerLookupRequest.newBuilder()
                    .addQueries(LookupQuery.newBuilder()
                            .setType(r.getResults(0).getType())
                            .setValue(r.getResults(0).getCanonicalValue()))
                    .addQueries(LookupQuery.newBuilder()
                            .setType(r.getResults(1).getType())
                            .setValue(r.getResults(1).getCanonicalValue()))
                    .build();
            int passed = 0;
            for (int q = 0; q < 2; q++) {
                for (Hit h : fromHostile.get(q)) {
                    assertThat(mutations.acceptableHit(asked.getQueries(q), h))
                            .as(at + ": passed on " + h)
                            .isTrue();
                    assertThat(h.getUnknownFields().asMap()).as(at).isEmpty();
                }
                assertThat(fromHostile.get(q).size()).as(at).isLessThanOrEqualTo(5);
                passed += fromHostile.get(q).size();
            }
            assertThat(passed).as(at).isLessThanOrEqualTo(8);
            if (s.getOutcome() == PeerOutcome.PEER_OUTCOME_ANSWERED) {
                answered++;
                assertThat(s.getHits()).as(at).isEqualTo(passed);
            } else {
                refusedCount++;
                assertThat(s.getOutcome()).as(at).isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
                assertThat(passed).as(at + ": nothing of a refused answer").isZero();
            }
            if (how == 3) {
                assertThat(s.getOutcome())
                        .as(at + ": signed by an analyst")
                        .isEqualTo(PeerOutcome.PEER_OUTCOME_REFUSED);
            } else if (how > 3) {
                boolean acceptable = mutations.acceptable(asked, sent.get());
                assertThat(s.getOutcome())
                        .as(at + ": " + s.getDetail() + " for " + sent.get())
                        .isEqualTo(acceptable ? PeerOutcome.PEER_OUTCOME_ANSWERED : PeerOutcome.PEER_OUTCOME_REFUSED);
            }
        }
        // The set exercises both sides, or it proves little.
        assertThat(answered).isGreaterThan(cases / 20);
        assertThat(refusedCount).isGreaterThan(cases / 4);
    }

    /** The signed bytes broken after signing: a byte changed, cut short, or followed by bytes of no field. */
    private static byte[] broken(byte[] bytes, Random rnd, int how) {
        byte[] out;
        switch (how) {
            case 0 -> {
                out = bytes.clone();
                out[rnd.nextInt(out.length)] ^= (byte) (1 + rnd.nextInt(255));
            }
            case 1 -> out = Arrays.copyOf(bytes, rnd.nextInt(bytes.length));
            default -> {
                out = Arrays.copyOf(bytes, bytes.length + 1 + rnd.nextInt(16));
                for (int i = bytes.length; i < out.length; i++) {
                    out[i] = (byte) rnd.nextInt(256);
                }
            }
        }
        return out;
    }

    AuditRecord lastRecord(AuditKind kind) throws Exception {
        return records(th, kind).get(records(th, kind).size() - 1);
    }

    static List<AuditRecord> records(RunningNode node, AuditKind kind) throws Exception {
        return AuditRecords.of(node, kind);
    }
}
