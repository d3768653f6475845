package org.jaring.node.blind;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.oprf.BlindEvaluation;
import org.jaring.core.oprf.Blinded;
import org.jaring.core.oprf.VoprfClient;
import org.jaring.node.FakePeer;
import org.jaring.node.PeerWire;
import org.jaring.node.RunningNode;
import org.jaring.node.share.blind.BlindTags;
import org.jaring.v1.Audience;
import org.jaring.v1.BlindEvaluateRequest;
import org.jaring.v1.BlindEvaluateResponse;
import org.jaring.v1.BlindLookupRequest;
import org.jaring.v1.Handling;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One key per holder and epoch, over real mutual TLS: two askers get the same public key, each is held to its own
 * budget and its own policy, and a matched tag of a value the asker may not see is answered exactly like a tag that
 * matches nothing.
 */
class BlindOneKeyTest {
    static final String EVERYONE = "everyone@scam.example";
    static final String FOR_TH_ONLY = "th-only@scam.example";
    static final String NOT_HELD = "nobody@nowhere.example";
    static final SecureRandom RANDOM = new SecureRandom();
    static final VoprfClient BLINDER =
            new VoprfClient(CustomNamedCurves.getByName("P-256").getG().getEncoded(true));

    /** One asker's side of the protocol, by hand. */
    record Asker(ManagedChannel channel) {
        BlindEvaluateResponse evaluate(Blinded blinded, String requestId) throws Exception {
            BlindEvaluateRequest.Builder r = BlindEvaluateRequest.newBuilder()
                    .setPurpose(BlindLookupTest.purpose())
                    .setRequestId(requestId);
            for (byte[] e : blinded.blindedElements()) {
                r.addBlindedElements(ByteString.copyFrom(e));
            }
            PeerWire.Result result = PeerWire.call(
                    channel, PeerServiceGrpc.getBlindEvaluateMethod(), r.build().toByteArray());
            if (!result.ok()) {
                throw result.status().asRuntimeException();
            }
            return BlindEvaluateResponse.parseFrom(result.responses().get(0));
        }

        /** The holder's answer to the tags of {@code emails}, with its signature fields cleared. */
        PeerLookupResponse ask(String requestId, String... emails) throws Exception {
            List<byte[]> inputs = new ArrayList<>();
            for (String e : emails) {
                inputs.add(BlindTags.input(new CanonicalValue(IndicatorType.INDICATOR_TYPE_EMAIL, e)));
            }
            Blinded blinded = BLINDER.blind(inputs, RANDOM);
            BlindEvaluateResponse ev = evaluate(blinded, requestId);
            List<byte[]> elements = new ArrayList<>();
            for (ByteString e : ev.getEvaluatedElementsList()) {
                elements.add(e.toByteArray());
            }
            List<byte[]> outputs = new VoprfClient(ev.getPublicKey().toByteArray())
                    .finalize(
                            blinded, new BlindEvaluation(elements, ev.getProof().toByteArray()));
            BlindLookupRequest.Builder lookup = BlindLookupRequest.newBuilder()
                    .setPurpose(BlindLookupTest.purpose())
                    .setRequestId(requestId)
                    .setKeyEpoch(ev.getKeyEpoch());
            for (byte[] o : outputs) {
                lookup.addTags(ByteString.copyFrom(BlindTags.tag(ev.getKeyEpoch(), o)));
            }
            PeerWire.Result result = PeerWire.call(
                    channel,
                    PeerServiceGrpc.getBlindLookupMethod(),
                    lookup.build().toByteArray());
            assertThat(result.status().getCode()).isEqualTo(Status.Code.OK);
            return PeerLookupResponse.parseFrom(result.responses().get(0)).toBuilder()
                    .clearSignature()
                    .clearRequestHash()
                    .build();
        }
    }

    static String id(int n) {
        return String.format("6f1c2a3e-0000-4000-8000-%012d", n);
    }

    @Test
    void twoAskersShareTheKeyButNotTheirBudgetsOrTheirPolicy(@TempDir Path dir) throws Exception {
        try (RunningNode holder =
                        new RunningNode(dir.resolve("holder"), "ID-POLRI", "blind:\n  evaluations_per_day: 3\n");
                FakePeer th = new FakePeer(dir.resolve("th"), "TH-CCIB", holder);
                FakePeer vn = new FakePeer(dir.resolve("vn"), "VN-A05", holder)) {
            holder.holds("ID-1", BlindLookupTest.green(), IndicatorType.INDICATOR_TYPE_EMAIL, EVERYONE);
            holder.holds(
                    "ID-2",
                    Handling.newBuilder()
                            .setTlp(Tlp.TLP_AMBER)
                            .setAudience(Audience.newBuilder().addNodes("TH-CCIB"))
                            .build(),
                    IndicatorType.INDICATOR_TYPE_EMAIL,
                    FOR_TH_ONLY);
            PeerWire.pin(th, holder, "asean");
            PeerWire.pin(vn, holder, "asean");
            ManagedChannel thChannel = PeerWire.channel(th, holder);
            ManagedChannel vnChannel = PeerWire.channel(vn, holder);
            try {
                Asker fromTh = new Asker(thChannel);
                Asker fromVn = new Asker(vnChannel);

                // The same key for both askers in the epoch.
                Blinded one = BLINDER.blind(List.of(new byte[] {1}), RANDOM);
                BlindEvaluateResponse a = fromTh.evaluate(one, id(1));
                BlindEvaluateResponse b = fromVn.evaluate(one, id(2));
                assertThat(a.getKeyEpoch()).isEqualTo(b.getKeyEpoch());
                assertThat(a.getPublicKey()).isEqualTo(b.getPublicKey());

                // Each asker's own policy: TH sees the AMBER value, VN does not, and VN's answer for it is the
                // answer for a value the holder does not hold, field for field.
                PeerLookupResponse thAnswer = fromTh.ask(id(3), FOR_TH_ONLY, EVERYONE);
                assertThat(thAnswer.getResultsList()).hasSize(2);
                PeerLookupResponse vnHidden = fromVn.ask(id(4), FOR_TH_ONLY);
                PeerLookupResponse vnNothing = fromVn.ask(id(5), NOT_HELD);
                assertThat(vnHidden.getResultsList()).isEmpty();
                assertThat(vnHidden).isEqualTo(vnNothing);
                assertThat(vnHidden.toByteArray()).isEqualTo(vnNothing.toByteArray());

                // Each asker's own budget, 3 a day: VN's questions above were answered after TH had spent its 3;
                // now each has spent its own 3 and each is refused.
                for (Asker asker : List.of(fromTh, fromVn)) {
                    try {
                        asker.evaluate(one, id(6));
                        throw new AssertionError("a fourth evaluation was answered");
                    } catch (io.grpc.StatusRuntimeException e) {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    }
                }
            } finally {
                thChannel.shutdownNow();
                vnChannel.shutdownNow();
            }
        }
    }
}
