package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.node.AuditRecords;
import org.jaring.node.FakePeer;
import org.jaring.node.RunningNode;
import org.jaring.node.audit.ExchangeEvidence;
import org.jaring.node.signing.NodeSigner;
import org.jaring.node.signing.PeerSignatures;
import org.jaring.node.signing.SignedFeedBatches;
import org.jaring.node.store.ColumnFamily;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedItem;
import org.jaring.v1.FeedRequest;
import org.jaring.v1.GetRevocationsRequest;
import org.jaring.v1.Hit;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PeerHealth;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.PeersStatusRequest;
import org.jaring.v1.SignedRevocationList;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.SyncResult;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node syncing from an origin whose batches are signed correctly, altered, forged, signed by a foreign or
 * a revoked key, unsigned, or bound to another request: only the correct ones are applied; every refused batch
 * leaves the cache and the cursor as they were, shows in the sync status and is recorded in the audit log.
 */
@SuppressWarnings("EnumOrdinal") // item ids encode the mode by its position, so each mode has its own id range
class SignedFeedBatchTest {
    @TempDir
    Path dir;

    /** How the fake origin prepares the batches it streams. */
    enum Mode {
        VALID,
        ALTERED,
        FORGED,
        FOREIGN_KEY,
        REVOKED_KEY,
        ANALYST_KEY,
        OTHER_NODE_KEY,
        CLIENT_ONLY_KEY,
        UNSIGNED,
        OTHER_REQUEST,
        SECOND_BATCH_ALTERED,
        THREE_BATCHES,
        BAD_ITEM_ID,
        CONTROL_IN_HANDLE,
        FORGED_ORIGIN,
        NO_TLP,
        UNKNOWN_TYPE,
        HIT_ON_REMOVAL,
        LONG_CONTACT
    }

    private volatile Mode mode = Mode.VALID;
    private KeySource originKeys;
    private KeySource foreignKeys;
    private KeySource revokedKeys;
    private KeySource analystKeys;
    private KeySource otherNodeKeys;
    private KeySource clientOnlyKeys;
    private volatile SignedRevocationList revocations;
    /** The fake origin: streams the batches of the current mode and serves its signed revocation list. */
    private final PeerServiceGrpc.PeerServiceImplBase origin = new PeerServiceGrpc.PeerServiceImplBase() {
        @Override
        public void feed(FeedRequest request, StreamObserver<FeedBatch> responses) {
            batchesFor(request).forEach(responses::onNext);
            responses.onCompleted();
        }

        @Override
        public void getRevocations(GetRevocationsRequest request, StreamObserver<SignedRevocationList> responses) {
            responses.onNext(revocations);
            responses.onCompleted();
        }
    };

    private static String domain(Mode m, long sequence) {
        return m.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + sequence + ".example";
    }

    private FeedBatch.Builder batch(Mode m, long after, int n) {
        FeedBatch.Builder b =
                FeedBatch.newBuilder().setThroughSequence(after + n).setHeadSequence(after + n);
        for (long s = after + 1; s <= after + n; s++) {
            b.addItems(FeedItem.newBuilder()
                    .setSequence(s)
                    .setItemId(String.format("%032x", (m.ordinal() << 20) + s))
                    .setHit(Hit.newBuilder()
                            .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                            .setValue(domain(m, s))
                            .setTlp(Tlp.TLP_GREEN)
                            .setOriginNode("ID-POLRI")
                            .setCaseHandle("ID-POLRI:h" + s)));
        }
        return b;
    }

    /** A batch as the origin's FeedResponder sends it, parsed back into a message the test can alter. */
    private static FeedBatch signed(NodeSigner signer, byte[] requestHash, long after, FeedBatch.Builder batch) {
        try {
            return FeedBatch.parseFrom(SignedFeedBatches.sign(signer, requestHash, after, batch));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<FeedBatch> batchesFor(FeedRequest request) {
        Mode m = mode;
        long after = request.getAfterSequence();
        byte[] hash = SignedFeedBatches.requestHash(request);
        List<FeedBatch> out = new ArrayList<>();
        switch (m) {
            case VALID -> out.add(signed(new NodeSigner(originKeys), hash, after, batch(m, after, 3)));
            case ALTERED -> {
                FeedBatch signed = signed(new NodeSigner(originKeys), hash, after, batch(m, after, 3));
                FeedItem first = signed.getItems(0);
                out.add(signed.toBuilder()
                        .setItems(
                                0,
                                first.toBuilder()
                                        .setHit(first.getHit().toBuilder().setTlp(Tlp.TLP_CLEAR)))
                        .build());
            }
            case FORGED -> {
                FeedBatch signed = signed(new NodeSigner(originKeys), hash, after, batch(m, after, 3));
                byte[] sig = signed.getSignature().toByteArray();
                sig[sig.length - 3] ^= 0x5a;
                out.add(signed.toBuilder()
                        .setSignature(ByteString.copyFrom(sig))
                        .build());
            }
            case FOREIGN_KEY -> out.add(signed(new NodeSigner(foreignKeys), hash, after, batch(m, after, 3)));
            case REVOKED_KEY -> out.add(signed(new NodeSigner(revokedKeys), hash, after, batch(m, after, 3)));
            case ANALYST_KEY -> out.add(signed(new NodeSigner(analystKeys), hash, after, batch(m, after, 3)));
            case OTHER_NODE_KEY -> out.add(signed(new NodeSigner(otherNodeKeys), hash, after, batch(m, after, 3)));
            case CLIENT_ONLY_KEY -> out.add(signed(new NodeSigner(clientOnlyKeys), hash, after, batch(m, after, 3)));
            case UNSIGNED -> out.add(batch(m, after, 3).setAfterSequence(after).build());
            case OTHER_REQUEST ->
                out.add(signed(
                        new NodeSigner(originKeys),
                        SignedFeedBatches.requestHash(request.toBuilder()
                                .setAfterSequence(after + 100)
                                .build()),
                        after,
                        batch(m, after, 3)));
            case SECOND_BATCH_ALTERED -> {
                out.add(signed(new NodeSigner(originKeys), hash, after, batch(m, after, 2)));
                FeedBatch second = signed(new NodeSigner(originKeys), hash, after + 2, batch(m, after + 2, 2));
                out.add(second.toBuilder().setThroughSequence(after + 40).build());
            }
            case THREE_BATCHES -> {
                for (long from = after; from < after + 6; from += 2) {
                    out.add(signed(new NodeSigner(originKeys), hash, from, batch(m, from, 2)));
                }
            }
            default -> {
                // Signed by the origin's own node key, bound to the request: only the content is hostile.
                FeedBatch.Builder b = batch(m, after, 3);
                FeedItem.Builder item = b.getItemsBuilder(1);
                switch (m) {
                    case BAD_ITEM_ID -> item.setItemId("../../peer_cache/x");
                    case CONTROL_IN_HANDLE -> item.getHitBuilder().setCaseHandle("ID-POLRI:h\r\nMY-PDRM  answered");
                    case FORGED_ORIGIN -> item.getHitBuilder().setOriginNode("SG-SPF");
                    case NO_TLP -> item.getHitBuilder().setTlp(Tlp.TLP_UNSPECIFIED);
                    case UNKNOWN_TYPE -> item.getHitBuilder().setTypeValue(999);
                    case HIT_ON_REMOVAL -> item.setRemoved(true);
                    case LONG_CONTACT -> b.setContact(ContactPoint.newBuilder().setUnit("u".repeat(10_000)));
                    default -> throw new IllegalStateException();
                }
                out.add(signed(new NodeSigner(originKeys), hash, after, b));
            }
        }
        return out;
    }

    @Test
    void onlyBatchesSignedByTheOriginForThisRequestAreApplied() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", "sync: {interval: 1h, batch_items: 50}\n");
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", th)) {
            foreignKeys = KeySource.of(NationalCa.create(NodeId.of("ID-POLRI")).issueNode(Duration.ofDays(1)));
            var second = id.ca.issueNode(Duration.ofDays(1));
            revokedKeys = KeySource.of(second);
            id.trust.revokeOwn(second.certificate(), "key stolen");
            // Issued by the origin's own CA, so they chain to its pinned anchor, but none is its node certificate:
            // an analyst's, one naming another node, one a node's connections would be refused with (no serverAuth).
            analystKeys = KeySource.of(id.ca.issueAnalyst("rogue", Duration.ofDays(1)));
            otherNodeKeys = KeySource.of(id.ca.issueCustom(
                    List.of("urn:jaring:node:TH-CCIB"),
                    Set.of(NationalCa.Usage.SERVER_AUTH, NationalCa.Usage.CLIENT_AUTH),
                    Duration.ofDays(1)));
            clientOnlyKeys = KeySource.of(id.ca.issueCustom(
                    List.of("urn:jaring:node:ID-POLRI"), Set.of(NationalCa.Usage.CLIENT_AUTH), Duration.ofDays(1)));
            serveAndPin(id, th);

            record Refusal(Mode mode, String reason) {}
            List<Refusal> refusals = List.of(
                    new Refusal(Mode.ALTERED, "the signature does not verify"),
                    new Refusal(Mode.FORGED, "the signature does not verify"),
                    new Refusal(
                            Mode.FOREIGN_KEY, "not a node certificate of ID-POLRI that this node accepts (BAD_CHAIN"),
                    new Refusal(Mode.REVOKED_KEY, "not a node certificate of ID-POLRI that this node accepts (REVOKED"),
                    new Refusal(
                            Mode.ANALYST_KEY,
                            "(ROLE_NOT_ALLOWED: ANALYST is not allowed here: a feed batch must be signed by a node certificate)"),
                    new Refusal(Mode.OTHER_NODE_KEY, "(WRONG_NODE: signer is TH-CCIB, expected ID-POLRI)"),
                    new Refusal(Mode.CLIENT_ONLY_KEY, "(BAD_KEY_USAGE"),
                    new Refusal(Mode.UNSIGNED, "the batch is not signed"),
                    new Refusal(Mode.OTHER_REQUEST, "bound to another request"),
                    new Refusal(Mode.BAD_ITEM_ID, "items[1].item_id: not 32 lower-case hexadecimal digits"),
                    new Refusal(Mode.CONTROL_IN_HANDLE, "items[1].hit.case_handle: holds a control character (U+000D)"),
                    new Refusal(Mode.FORGED_ORIGIN, "items[1].hit.origin_node: not the answering peer ID-POLRI"),
                    new Refusal(Mode.NO_TLP, "items[1].hit.tlp: a peer's hit must carry its TLP level"),
                    new Refusal(Mode.UNKNOWN_TYPE, "items[1].hit.type: 999 is not an indicator type this node knows"),
                    new Refusal(Mode.HIT_ON_REMOVAL, "items[1].hit: a removal carries no hit"),
                    new Refusal(Mode.LONG_CONTACT, "contact.unit: 10000 characters, above the maximum of 256"));
            for (Refusal r : refusals) {
                mode = r.mode();
                SyncResult result = sync(th);
                assertThat(result.getError())
                        .as(r.mode().name())
                        .startsWith("UNAUTHENTICATED: this node refused" + " ID-POLRI's feed batch after cursor 0: ")
                        .contains(r.reason());
                assertThat(result.getApplied()).isZero();
                assertThat(result.getCursor()).isZero();
                assertThat(syncedCount(th, r.mode(), 0, 3))
                        .as("nothing of a refused batch is applied")
                        .isZero();
                assertThat(status(th).getSyncCursor()).isZero();
                assertThat(status(th).getLastSyncError()).contains(r.reason());
            }

            mode = Mode.VALID;
            SyncResult ok = sync(th);
            assertThat(ok.getError()).isEmpty();
            assertThat(ok.getCursor()).isEqualTo(3);
            assertThat(syncedCount(th, Mode.VALID, 0, 3)).isEqualTo(3);
            assertThat(status(th).getLastSyncError()).isEmpty();

            // A good batch then a tampered one in the same stream: the first is kept, the cursor stops after it.
            mode = Mode.SECOND_BATCH_ALTERED;
            SyncResult half = sync(th);
            assertThat(half.getError()).contains("after cursor 5").contains("the signature does not verify");
            assertThat(half.getCursor()).isEqualTo(5);
            assertThat(syncedCount(th, Mode.SECOND_BATCH_ALTERED, 3, 2)).isEqualTo(2);
            assertThat(syncedCount(th, Mode.SECOND_BATCH_ALTERED, 5, 2)).isZero();
            assertThat(status(th).getSyncCursor()).isEqualTo(5);

            // Every batch received is in the audit log: refused ones with the reason, and all with their bytes,
            // which still verify against the origin's CA for the accepted ones.
            List<AuditRecord> sync = auditRecords(th, AuditKind.AUDIT_KIND_SYNC);
            assertThat(sync).hasSize(refusals.size() + 3);
            assertThat(sync.stream().filter(a -> detail(a, "outcome").startsWith("refused: ")))
                    .hasSize(refusals.size() + 1);
            AuditRecord accepted = sync.get(refusals.size());
            assertThat(accepted.getActor()).isEqualTo("ID-POLRI");
            assertThat(detail(accepted, "outcome")).isEqualTo("verified");
            byte[] keptBytes = ExchangeEvidence.inflate(accepted.getDetailsList().stream()
                    .filter(d -> d.getKey().equals(ExchangeEvidence.BATCH_DETAIL))
                    .findFirst()
                    .orElseThrow()
                    .getData()
                    .toByteArray());
            FeedBatch kept = FeedBatch.parseFrom(keptBytes);
            assertThat(kept.getItemsCount()).isEqualTo(3);
            byte[] hash = SignedFeedBatches.requestHash(FeedRequest.newBuilder()
                    .setAfterSequence(0)
                    .setMaxItemsPerBatch(50)
                    .setMaxItemBytesPerBatch(FeedSync.batchItemBytes(4 << 20))
                    .build());
            assertThat(SignedFeedBatches.check(
                            new PeerSignatures.Verifier(),
                            th.node.trust().snapshot(),
                            "ID-POLRI",
                            hash,
                            0,
                            kept,
                            keptBytes))
                    .isNull();
        }
    }

    /**
     * Batches are applied on their own thread while the next is received, so a failed apply must stop every batch
     * after it: applied anyway, a later batch would move the cursor past items that were never written.
     */
    @Test
    void aBatchThatCannotBeAppliedStopsTheSyncAndNoLaterBatchIsApplied() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", "sync: {interval: 1h, batch_items: 50}\n");
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", th)) {
            serveAndPin(id, th);
            mode = Mode.THREE_BATCHES;

            // The stored item that the second batch replaces is unreadable, so applying that batch fails.
            byte[] key = ("ID-POLRI\0" + String.format("%032x", (Mode.THREE_BATCHES.ordinal() << 20) + 3))
                    .getBytes(StandardCharsets.UTF_8);
            var store = th.node.store();
            store.db().put(store.handle(ColumnFamily.PEER_CACHE), key, new byte[] {(byte) 0xff, (byte) 0xff});

            assertThatThrownBy(() -> sync(th))
                    .isInstanceOf(StatusRuntimeException.class)
                    .hasMessageStartingWith("INTERNAL"); // the cause is in the node's log, not sent to the caller
            assertThat(syncedCount(th, Mode.THREE_BATCHES, 0, 2))
                    .as("the first batch")
                    .isEqualTo(2);
            assertThat(syncedCount(th, Mode.THREE_BATCHES, 2, 4))
                    .as("the failed batch and the one after it")
                    .isZero();
            assertThat(status(th).getSyncCursor()).isEqualTo(2);

            // Once the item is readable again, the next sync resumes after the first batch and applies the rest.
            store.db().delete(store.handle(ColumnFamily.PEER_CACHE), key);
            SyncResult resumed = sync(th);
            assertThat(resumed.getError()).isEmpty();
            assertThat(resumed.getCursor()).isEqualTo(8);
            assertThat(syncedCount(th, Mode.THREE_BATCHES, 0, 8)).isEqualTo(8);
        }
    }

    /** The fake origin serves its batches and its signed revocation list, and {@code th} pins it as a peer. */
    private void serveAndPin(FakePeer id, RunningNode th) throws Exception {
        originKeys = id.keys;
        var signedList = id.trust.signOwnRevocations(id.ca.privateKey());
        revocations = SignedRevocationList.newBuilder()
                .setEncoded(ByteString.copyFrom(signedList.encoded()))
                .setSignature(ByteString.copyFrom(signedList.signature()))
                .build();
        id.serve(origin);
        id.pinnedBy(th);
        th.node.refreshRevocations();
    }

    private static SyncResult sync(RunningNode th) {
        return th.admin().syncNow(SyncNowRequest.getDefaultInstance()).getPeersList().stream()
                .filter(p -> p.getNodeId().equals("ID-POLRI"))
                .findFirst()
                .orElseThrow();
    }

    private static PeerHealth status(RunningNode th) {
        return th.admin().peersStatus(PeersStatusRequest.getDefaultInstance()).getPeersList().stream()
                .filter(p -> p.getNodeId().equals("ID-POLRI"))
                .findFirst()
                .orElseThrow();
    }

    private static long syncedCount(RunningNode th, Mode m, long after, int n) {
        LookupLocalRequest.Builder r = LookupLocalRequest.newBuilder();
        for (long s = after + 1; s <= after + n; s++) {
            r.addQueries(LookupQuery.newBuilder()
                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                    .setValue(domain(m, s)));
        }
        return th.analyst().lookupLocal(r.build()).getResultsList().stream()
                .mapToLong(x -> x.getSyncedCount())
                .sum();
    }

    static List<AuditRecord> auditRecords(RunningNode node, AuditKind kind) throws Exception {
        return AuditRecords.of(node, kind);
    }

    static String detail(AuditRecord r, String key) {
        return r.getDetailsList().stream()
                .filter(d -> d.getKey().equals(key))
                .map(d -> d.getValue())
                .findFirst()
                .orElse("");
    }
}
