package org.jaring.node.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.RevocationList;
import org.jaring.core.trust.SignedRevocationList;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.core.trust.TrustedPeer;
import org.jaring.v1.AuditCheckpoint;
import org.jaring.v1.FeedBatch;
import org.jaring.v1.FeedItem;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.ReportSightingsResponse;
import org.jaring.v1.RequestState;
import org.jaring.v1.Sighting;
import org.jaring.v1.Transition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one signer rule, kind by kind: every signed object (lookup answer, feed batch, sighting report and
 * acknowledgement, request transition, audit checkpoint) is accepted when the peer's node certificate signed it,
 * and refused, with the reason named, when anyone else did: an analyst or admin of the same state, another
 * state's node, a certificate another CA forged for the peer's name, an expired or revoked certificate, the CA
 * itself; refused too when its covered bytes were changed, or when there is no anchor for the signer. Contents,
 * order of the cases and what is tampered with are drawn from a seeded generator.
 */
class SignerRuleTest {
    private static final long SEED = 0x5161_2024L;
    private static final NodeId TH = NodeId.of("TH-CCIB");
    private static final NodeId MY = NodeId.of("MY-PDRM");
    private static final NodeId SG = NodeId.of("SG-SPF");

    @TempDir
    Path dir;

    private final NationalCa thCa = NationalCa.create(TH);
    private final NationalCa myCa = NationalCa.create(MY);
    private final NationalCa sgCa = NationalCa.create(SG);
    private TrustStore store;
    private KeySource myNode;
    private KeySource myRevoked;

    /** One kind of signed object: how MY signs one, how TH checks it, how its covered content is changed. */
    private interface Kind {
        String name();

        byte[] sign(KeySource signer, Random random);

        /** Null when accepted, else the refusal; bytes that do not even parse are refused too. */
        String check(TrustSnapshot trust, byte[] wire) throws InvalidProtocolBufferException;

        byte[] tamper(byte[] wire, Random random) throws InvalidProtocolBufferException;
    }

    private record Signer(String name, KeySource keys, String reason) {}

    @BeforeEach
    void setUp() throws Exception {
        store = TrustStore.create(dir, TH, thCa.certificate(), Clock.systemUTC());
        store.addPeer(MY, myCa.certificate(), myCa.fingerprint(), "127.0.0.1:1", Set.of());
        store.addPeer(SG, sgCa.certificate(), sgCa.fingerprint(), "127.0.0.1:2", Set.of());
        myNode = KeySource.of(myCa.issueNode(Duration.ofDays(1)));
        myRevoked = KeySource.of(myCa.issueNode(Duration.ofDays(1)));
        Instant now = Instant.now();
        SignedRevocationList revoked = RevocationList.empty(MY)
                .with(RevocationList.Entry.of(myRevoked.current().leaf(), now, "key compromise"), 1, now)
                .sign(myCa.privateKey());
        store.installRevocationList(MY, revoked.encoded(), revoked.signature());
    }

    private List<Signer> signers() {
        NationalCa myPast = myCa.withClock(Clock.fixed(Instant.now().minus(Duration.ofDays(10)), ZoneOffset.UTC));
        return List.of(
                new Signer("MY's node certificate", myNode, null),
                new Signer(
                        "an analyst certificate of MY",
                        KeySource.of(myCa.issueAnalyst("eve", Duration.ofDays(1))),
                        "ROLE_NOT_ALLOWED"),
                new Signer(
                        "an admin certificate of MY",
                        KeySource.of(myCa.issueAdmin("root", Duration.ofDays(1))),
                        "ROLE_NOT_ALLOWED"),
                new Signer("SG's node certificate", KeySource.of(sgCa.issueNode(Duration.ofDays(1))), "WRONG_NODE"),
                new Signer(
                        "SG's CA issuing MY's node identity",
                        KeySource.of(sgCa.issueCustom(
                                List.of("urn:jaring:node:" + MY.value()),
                                EnumSet.allOf(NationalCa.Usage.class),
                                Duration.ofDays(1))),
                        "BAD_CHAIN"),
                new Signer(
                        "MY's node certificate, expired",
                        KeySource.of(myPast.issueNode(Duration.ofDays(1))),
                        "EXPIRED"),
                new Signer("MY's node certificate, revoked", myRevoked, "REVOKED"),
                new Signer(
                        "MY's CA certificate itself",
                        new KeySource(myCa.privateKey(), myCa.certificate()),
                        "NOT_END_ENTITY"));
    }

    private List<Kind> kinds() {
        return List.of(answer(), feedBatch(), sightingReport(), sightingAck(), transition(), checkpoint());
    }

    @Test
    void everyKindIsAcceptedFromThePeersNodeCertificateOnlyAndTheRefusalNamesWhy() throws Exception {
        Random random = new Random(SEED);
        List<Runnable> cases = new ArrayList<>();
        for (Kind kind : kinds()) {
            for (Signer signer : signers()) {
                cases.add(() -> {
                    byte[] wire = kind.sign(signer.keys(), random);
                    String why;
                    try {
                        why = kind.check(store.snapshot(), wire);
                    } catch (InvalidProtocolBufferException e) {
                        throw new AssertionError(e);
                    }
                    if (signer.reason() == null) {
                        assertThat(why)
                                .as(kind.name() + " signed by " + signer.name())
                                .isNull();
                    } else {
                        assertThat(why)
                                .as(kind.name() + " signed by " + signer.name())
                                .isNotNull()
                                .contains(signer.reason());
                    }
                });
            }
        }
        Collections.shuffle(cases, random);
        cases.forEach(Runnable::run);
    }

    @Test
    void changedContentIsRefusedForEveryKind() throws Exception {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < 20; round++) {
            for (Kind kind : kinds()) {
                byte[] wire = kind.sign(myNode, random);
                assertThat(kind.check(store.snapshot(), wire)).as(kind.name()).isNull();
                byte[] changed = kind.tamper(wire, random);
                String why;
                try {
                    why = kind.check(store.snapshot(), changed);
                } catch (InvalidProtocolBufferException e) {
                    why = "unparseable: " + e.getMessage();
                }
                assertThat(why).as(kind.name() + " changed after signing").isNotNull();
            }
        }
    }

    @Test
    void withoutAnAnchorForTheSignerEveryKindIsRefused() throws Exception {
        Random random = new Random(SEED + 2);
        List<Kind> kinds = kinds();
        List<byte[]> signed = new ArrayList<>();
        for (Kind kind : kinds) {
            signed.add(kind.sign(myNode, random));
        }
        store.removePeer(MY);
        TrustSnapshot withoutMy = store.snapshot();
        for (int i = 0; i < kinds.size(); i++) {
            Kind kind = kinds.get(i);
            String why = kind.check(withoutMy, signed.get(i));
            assertThat(why)
                    .as(kind.name())
                    .isNotNull()
                    .containsAnyOf("UNKNOWN_PEER", "no longer a trusted peer", "no national CA certificate");
        }
        assertThat(CheckpointSignatures.check(
                        AuditCheckpoint.parseFrom(signed.get(signed.size() - 1)),
                        null,
                        TrustVerifier.Revocations.NONE_KNOWN,
                        Instant.now()))
                .as("a checkpoint without the national CA to check it against")
                .contains("no national CA certificate");
    }

    /**
     * Checkpoints are checked later, offline, at the time they record: a checkpoint made while the certificate was
     * valid still verifies after it expired; one claiming a time outside the certificate's validity does not.
     */
    @Test
    void aCheckpointIsCheckedAtTheTimeItWasSigned() {
        Instant now = Instant.now();
        NationalCa oldCa = NationalCa.create(
                MY, Duration.ofDays(3650), Clock.fixed(now.minus(Duration.ofDays(30)), ZoneOffset.UTC));
        KeySource old = KeySource.of(oldCa.withClock(Clock.fixed(now.minus(Duration.ofDays(10)), ZoneOffset.UTC))
                .issueNode(Duration.ofDays(2)));
        AuditCheckpoint cp = checkpoint(old, 41, new byte[32]);
        Instant issued = old.current().leaf().getNotBefore().toInstant();
        Instant expired = old.current().leaf().getNotAfter().toInstant();
        assertThat(CheckpointSignatures.check(
                        cp, oldCa.certificate(), TrustVerifier.Revocations.NONE_KNOWN, issued.plusSeconds(3600)))
                .isNull();
        assertThat(CheckpointSignatures.check(
                        cp, oldCa.certificate(), TrustVerifier.Revocations.NONE_KNOWN, expired.plusSeconds(1)))
                .contains("EXPIRED");
        assertThat(CheckpointSignatures.check(
                        cp, oldCa.certificate(), TrustVerifier.Revocations.NONE_KNOWN, issued.minusSeconds(1)))
                .contains("NOT_YET_VALID");
    }

    // ---- the kinds ----

    private static String hex(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private Kind answer() {
        return new Kind() {
            private byte[] requestHash = new byte[32];

            @Override
            public String name() {
                return "a lookup answer";
            }

            @Override
            public byte[] sign(KeySource signer, Random random) {
                requestHash = randomBytes(random, 32);
                return new AnswerSigner(signer).sign(requestHash, PeerLookupResponse.newBuilder());
            }

            @Override
            public String check(TrustSnapshot trust, byte[] wire) throws InvalidProtocolBufferException {
                return new AnswerVerifier()
                        .check(trust, MY.value(), requestHash, PeerLookupResponse.parseFrom(wire), wire);
            }

            @Override
            public byte[] tamper(byte[] wire, Random random) throws InvalidProtocolBufferException {
                // Bytes added in transit: a field the receiver's schema does not know is covered as sent.
                return withUnknownField(wire, random);
            }
        };
    }

    private static byte[] withUnknownField(byte[] wire, Random random) {
        byte[] out = Arrays.copyOf(wire, wire.length + 3);
        out[wire.length] = (byte) 0xC0; // field 1000, varint
        out[wire.length + 1] = 0x3E;
        out[wire.length + 2] = (byte) (1 + random.nextInt(100));
        return out;
    }

    private Kind feedBatch() {
        return new Kind() {
            private byte[] requestHash = new byte[32];
            private long after;

            @Override
            public String name() {
                return "a feed batch";
            }

            @Override
            public byte[] sign(KeySource signer, Random random) {
                requestHash = randomBytes(random, 32);
                after = random.nextLong();
                FeedBatch.Builder b = FeedBatch.newBuilder().setThroughSequence(after + 5);
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    b.addItems(
                            FeedItem.newBuilder().setSequence(random.nextLong()).setItemId(hex(random, 8)));
                }
                return SignedFeedBatches.sign(new NodeSigner(signer), requestHash, after, b);
            }

            @Override
            public String check(TrustSnapshot trust, byte[] wire) throws InvalidProtocolBufferException {
                return SignedFeedBatches.check(
                        new PeerSignatures.Verifier(),
                        trust,
                        MY.value(),
                        requestHash,
                        after,
                        FeedBatch.parseFrom(wire),
                        wire);
            }

            @Override
            public byte[] tamper(byte[] wire, Random random) throws InvalidProtocolBufferException {
                FeedBatch b = FeedBatch.parseFrom(wire);
                int i = random.nextInt(b.getItemsCount());
                return b.toBuilder()
                        .setItems(
                                i,
                                b.getItems(i).toBuilder()
                                        .setRemoved(!b.getItems(i).getRemoved()))
                        .build()
                        .toByteArray();
            }
        };
    }

    private static ReportSightingsRequest.Builder report(Random random) {
        ReportSightingsRequest.Builder r = ReportSightingsRequest.newBuilder();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            r.addSightings(Sighting.newBuilder()
                    .setSightingId(
                            UUID.nameUUIDFromBytes(randomBytes(random, 8)).toString())
                    .setValue(hex(random, 4) + ".example")
                    .setReportingNode(MY.value()));
        }
        return r;
    }

    private Kind sightingReport() {
        return new Kind() {
            @Override
            public String name() {
                return "a sighting report";
            }

            @Override
            public byte[] sign(KeySource signer, Random random) {
                return SignedSightings.sign(new NodeSigner(signer), TH.value(), report(random));
            }

            @Override
            public String check(TrustSnapshot trust, byte[] wire) throws InvalidProtocolBufferException {
                return SignedSightings.check(
                        trust, MY.value(), TH.value(), ReportSightingsRequest.parseFrom(wire), wire);
            }

            @Override
            public byte[] tamper(byte[] wire, Random random) throws InvalidProtocolBufferException {
                ReportSightingsRequest r = ReportSightingsRequest.parseFrom(wire);
                int i = random.nextInt(r.getSightingsCount());
                return r.toBuilder()
                        .setSightings(i, r.getSightings(i).toBuilder().setValue(hex(random, 5) + ".example"))
                        .build()
                        .toByteArray();
            }
        };
    }

    private Kind sightingAck() {
        return new Kind() {
            private byte[] reportWire = new byte[0];

            @Override
            public String name() {
                return "a sighting acknowledgement";
            }

            @Override
            public byte[] sign(KeySource signer, Random random) {
                reportWire = report(random).build().toByteArray();
                return SignedSightings.sign(
                        new NodeSigner(signer),
                        reportWire,
                        ReportSightingsResponse.newBuilder().setAccepted(1 + random.nextInt(10)));
            }

            @Override
            public String check(TrustSnapshot trust, byte[] wire) throws InvalidProtocolBufferException {
                return SignedSightings.check(
                        trust, MY.value(), reportWire, ReportSightingsResponse.parseFrom(wire), wire);
            }

            @Override
            public byte[] tamper(byte[] wire, Random random) throws InvalidProtocolBufferException {
                ReportSightingsResponse a = ReportSightingsResponse.parseFrom(wire);
                return a.toBuilder()
                        .setAccepted(a.getAccepted() + 1 + random.nextInt(5))
                        .build()
                        .toByteArray();
            }
        };
    }

    private Kind transition() {
        return new Kind() {
            @Override
            public String name() {
                return "a request transition";
            }

            @Override
            public byte[] sign(KeySource signer, Random random) {
                Transition t = Transition.newBuilder()
                        .setRequestId(
                                UUID.nameUUIDFromBytes(randomBytes(random, 8)).toString())
                        .setSequence(1 + random.nextInt(9))
                        .setFromState(RequestState.DELIVERED)
                        .setToState(RequestState.ACKNOWLEDGED)
                        .setActor("officer-" + hex(random, 2))
                        .setActorNode(MY.value())
                        .setTime(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                        .setNote(hex(random, 6))
                        .setPrevHash(ByteString.copyFrom(randomBytes(random, 32)))
                        .build();
                return TransitionSignatures.sign(t, new NodeSigner(signer)).toByteArray();
            }

            @Override
            public String check(TrustSnapshot trust, byte[] wire) throws InvalidProtocolBufferException {
                return TransitionSignatures.check(Transition.parseFrom(wire), trust, MY, Instant.now());
            }

            @Override
            public byte[] tamper(byte[] wire, Random random) throws InvalidProtocolBufferException {
                Transition t = Transition.parseFrom(wire);
                return random.nextBoolean()
                        ? t.toBuilder().setNote(t.getNote() + "!").build().toByteArray()
                        : withUnknownField(wire, random);
            }
        };
    }

    private AuditCheckpoint checkpoint(KeySource signer, long covers, byte[] head) {
        KeySource.Material m = signer.current();
        return AuditCheckpoint.newBuilder()
                .setNodeId(MY.value())
                .setCoversSequence(covers)
                .setHeadHash(ByteString.copyFrom(head))
                .setSignerChainPem(PemFiles.toPem(m.leaf()))
                .setSignerFingerprint(Fingerprints.sha256(m.leaf()))
                .setSignature(ByteString.copyFrom(CheckpointSignatures.sign(
                        m.privateKey(), CheckpointSignatures.signedBytes(MY.value(), covers, head))))
                .build();
    }

    private Kind checkpoint() {
        return new Kind() {
            @Override
            public String name() {
                return "an audit checkpoint";
            }

            @Override
            public byte[] sign(KeySource signer, Random random) {
                return checkpoint(signer, 1 + random.nextInt(1_000_000), randomBytes(random, 32))
                        .toByteArray();
            }

            @Override
            public String check(TrustSnapshot trust, byte[] wire) throws InvalidProtocolBufferException {
                // As the node checks its own log: its CA, its revocation list, at the checkpoint's time.
                X509Certificate anchor = trust.peer(MY).map(TrustedPeer::anchor).orElse(null);
                return CheckpointSignatures.check(
                        AuditCheckpoint.parseFrom(wire), anchor, trust::isRevoked, Instant.now());
            }

            @Override
            public byte[] tamper(byte[] wire, Random random) throws InvalidProtocolBufferException {
                AuditCheckpoint cp = AuditCheckpoint.parseFrom(wire);
                byte[] head = cp.getHeadHash().toByteArray();
                head[random.nextInt(head.length)] ^= (byte) (1 << random.nextInt(8));
                return random.nextBoolean()
                        ? cp.toBuilder()
                                .setHeadHash(ByteString.copyFrom(head))
                                .build()
                                .toByteArray()
                        : cp.toBuilder()
                                .setCoversSequence(cp.getCoversSequence() + 1)
                                .build()
                                .toByteArray();
            }
        };
    }
}
