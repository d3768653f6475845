package org.jaring.node.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.TrustStore;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.RequestState;
import org.jaring.v1.Sighting;
import org.jaring.v1.SightingKind;
import org.jaring.v1.Transition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another implementation's encoder may write fields in another order than protobuf-java does. A sighting report
 * is signed over the bytes as sent, so a report hand-encoded in reverse field order verifies as those bytes; a
 * transition is signed over its canonical encoding (docs/protocol.md), so one sent in reverse field order verifies
 * once parsed. Field values and the order fields are shuffled into are drawn from a seeded generator.
 */
class FieldOrderTest {
    private static final NodeId TH = NodeId.of("TH-CCIB");
    private static final NodeId MY = NodeId.of("MY-PDRM");

    @TempDir
    Path dir;

    private TrustStore store;
    private KeySource myNode;

    @BeforeEach
    void setUp() throws Exception {
        NationalCa thCa = NationalCa.create(TH);
        NationalCa myCa = NationalCa.create(MY);
        store = TrustStore.create(dir, TH, thCa.certificate(), Clock.systemUTC());
        store.addPeer(MY, myCa.certificate(), myCa.fingerprint(), "127.0.0.1:1", Set.of());
        myNode = KeySource.of(myCa.issueNode(Duration.ofDays(1)));
    }

    /** {@code m}'s set fields, each encoded alone, concatenated in {@code order}: valid protobuf in that order. */
    private static byte[] encodeInOrder(Message m, List<FieldDescriptor> order) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (FieldDescriptor f : order) {
            Message single = m.getDefaultInstanceForType().toBuilder()
                    .setField(f, m.getField(f))
                    .build();
            out.writeBytes(single.toByteArray());
        }
        return out.toByteArray();
    }

    /** The set fields of {@code m} in an order other than field-number order (reversed, then shuffled). */
    private static List<FieldDescriptor> otherOrder(Message m, Random random) {
        List<FieldDescriptor> fields = new ArrayList<>(m.getAllFields().keySet());
        Collections.reverse(fields);
        if (random.nextBoolean()) {
            List<FieldDescriptor> sorted = new ArrayList<>(fields);
            Collections.reverse(sorted);
            do {
                Collections.shuffle(fields, random);
            } while (fields.equals(sorted));
        }
        return fields;
    }

    @Test
    void aSightingReportEncodedInAnotherFieldOrderVerifiesAsSent() throws Exception {
        Random random = new Random(0x0DE5L);
        NodeSigner.Key key = new NodeSigner(myNode).current();
        for (int round = 0; round < 25; round++) {
            ReportSightingsRequest.Builder report = ReportSightingsRequest.newBuilder()
                    .setOriginNode(TH.value())
                    .setSignerCertificatePemBytes(key.certificatePemBytes());
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                report.addSightings(Sighting.newBuilder()
                        .setSightingId(UUID.randomUUID().toString())
                        .setType(IndicatorType.INDICATOR_TYPE_IPV4)
                        .setValue("10.1." + random.nextInt(256) + "." + random.nextInt(256))
                        .setKind(SightingKind.SIGHTING_KIND_SEEN)
                        .setReportingNode(MY.value()));
            }
            ReportSightingsRequest r = report.build();
            byte[] unsigned = encodeInOrder(r, otherOrder(r, random));
            assertThat(unsigned).as("the premise: not protobuf-java's order").isNotEqualTo(r.toByteArray());

            byte[] sent = SignedSightings.signReport(key, unsigned);
            ReportSightingsRequest parsed = ReportSightingsRequest.parseFrom(sent);
            assertThat(SignedSightings.check(store.snapshot(), MY.value(), TH.value(), parsed, sent))
                    .isNull();
            assertThat(SignedSightings.check(store.snapshot(), MY.value(), TH.value(), parsed, parsed.toByteArray()))
                    .as("a re-encoding is not what was signed")
                    .isEqualTo("the signature does not verify");
        }
    }

    @Test
    void aTransitionSentInAnotherFieldOrderVerifiesByItsCanonicalEncoding() throws Exception {
        Random random = new Random(0x7A45L);
        for (int round = 0; round < 25; round++) {
            Transition t = TransitionSignatures.sign(
                    Transition.newBuilder()
                            .setRequestId(UUID.randomUUID().toString())
                            .setSequence(1 + random.nextInt(20))
                            .setFromState(RequestState.DELIVERED)
                            .setToState(RequestState.ACKNOWLEDGED)
                            .setActor("officer-" + random.nextInt(100))
                            .setActorNode(MY.value())
                            .setTime(Timestamp.newBuilder()
                                    .setSeconds(Instant.now().getEpochSecond())
                                    .setNanos(random.nextInt(1_000_000_000)))
                            .setNote("note " + random.nextLong())
                            .setPrevHash(ByteString.copyFrom(new byte[32]))
                            .build(),
                    new NodeSigner(myNode));
            byte[] sent = encodeInOrder(t, otherOrder(t, random));
            assertThat(sent).as("the premise: not protobuf-java's order").isNotEqualTo(t.toByteArray());

            Transition received = Transition.parseFrom(sent);
            assertThat(TransitionSignatures.check(received, store.snapshot(), MY, Instant.now()))
                    .isNull();
            assertThat(TransitionSignatures.check(
                            received.toBuilder()
                                    .setSequence(t.getSequence() + 1)
                                    .build(),
                            store.snapshot(),
                            MY,
                            Instant.now()))
                    .isEqualTo("the signature does not verify");
        }
    }
}
