package org.jaring.bench.micro;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.jaring.node.signing.SignedWire;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.Hit;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.QueryHits;
import org.jaring.v1.Tlp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What checking a signed answer costs before the ECDSA step, per way of getting the signed bytes: hashing the
 * bytes as received with the signature fields stripped (SignedWire, what the node does), and re-serializing the
 * parsed answer without them (what it did before). The baseline is SHA-256 of the same bytes alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignedBytesBenchmark {
    private static final byte[] DOMAIN = "jaring-peer-response-v1\0".getBytes(StandardCharsets.UTF_8);

    @Param({"1", "1000"})
    public int values;

    private byte[] wire;
    private PeerLookupResponse parsed;
    private MessageDigest digest;

    @Setup
    public void setUp() throws Exception {
        PeerLookupResponse.Builder answer = PeerLookupResponse.newBuilder();
        for (int q = 0; q < values; q++) {
            answer.addResults(QueryHits.newBuilder()
                    .setQueryIndex(q)
                    .addHits(Hit.newBuilder()
                            .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                            .setValue("parcel-" + q + ".asean-post.example")
                            .setOriginNode("MY-PDRM")
                            .setCaseHandle("MY-PDRM:" + Integer.toHexString(q * 7919))
                            .setConfidence(80)
                            .setTlp(Tlp.TLP_GREEN)
                            .setContact(ContactPoint.newBuilder()
                                    .setUnit("PDRM 24/7 desk")
                                    .setPhone("+60 3 2266 2222")
                                    .setEmail("desk@pdrm.example"))));
        }
        byte[] unsigned = answer.build().toByteArray();
        wire = SignedWire.withSignature(
                unsigned,
                PeerLookupResponse.SIGNATURE_FIELD_NUMBER,
                new byte[72],
                PeerLookupResponse.SIGNER_FINGERPRINT_FIELD_NUMBER,
                "ab".repeat(32));
        parsed = PeerLookupResponse.parseFrom(wire);
        digest = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public byte[] bytesAsReceived() {
        SignedWire.feedSigned(
                digest,
                DOMAIN,
                wire,
                PeerLookupResponse.SIGNATURE_FIELD_NUMBER,
                PeerLookupResponse.SIGNER_FINGERPRINT_FIELD_NUMBER);
        return digest.digest();
    }

    @Benchmark
    public byte[] reserialized() {
        digest.update(DOMAIN);
        digest.update(parsed.toBuilder()
                .clearSignature()
                .clearSignerFingerprint()
                .build()
                .toByteArray());
        return digest.digest();
    }

    @Benchmark
    public byte[] baselineSha256() {
        digest.update(DOMAIN);
        digest.update(wire);
        return digest.digest();
    }
}
