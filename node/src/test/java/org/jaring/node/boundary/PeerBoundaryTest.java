package org.jaring.node.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jaring.core.Await;
import org.jaring.core.config.PeerBudgets;
import org.jaring.core.config.PeerMethodKeys;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PeerIdentityInterceptor;
import org.jaring.core.trust.Role;
import org.jaring.core.trust.TlsContexts;
import org.jaring.core.trust.TrustDecisionListener;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.node.FakePeer;
import org.jaring.node.PeerWire;
import org.jaring.node.RunningNode;
import org.jaring.node.api.GrpcErrors;
import org.jaring.node.federation.WireBytes;
import org.jaring.v1.GetRevocationsRequest;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.Purpose;
import org.jaring.v1.ReportSightingsRequest;
import org.jaring.v1.Sighting;
import org.jaring.v1.SignedRevocationList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer boundary on a real node over mutual TLS: every peer method has a rule and a budget, a peer that spends
 * a budget is refused with a retry delay while another peer keeps its own, and a request over a cap is refused
 * before feature code, with a bounded error.
 */
class PeerBoundaryTest {
    /** Small budgets: three calls of each method, then refusals until the next token, a second later. */
    static final String TIGHT = """
            limits: {max_batch_values: 20}
            peer_budgets:
              lookup: {calls_per_second: 1, burst_calls: 3, values_per_second: 1, burst_values: 20}
              feed: {calls_per_second: 1, burst_calls: 3}
              report_sightings: {calls_per_second: 1, burst_calls: 3, values_per_second: 1, burst_values: 500}
              get_revocations: {calls_per_second: 1, burst_calls: 3}
              deliver_request: {calls_per_second: 1, burst_calls: 3}
              deliver_transition: {calls_per_second: 1, burst_calls: 3}
            """;

    @TempDir
    Path dir;

    @Test
    void everyPeerMethodOfTheWireContractHasARuleAndABudget() {
        var rules = PeerMethods.rules(10_000);
        for (MethodDescriptor<?, ?> m : PeerWire.peerMethods()) {
            assertThat(rules)
                    .as("a rule for %s in PeerMethods", m.getFullMethodName())
                    .containsKey(m.getFullMethodName());
            assertThat(PeerBudgets.DEFAULTS.methods())
                    .as("a default budget for %s", m.getFullMethodName())
                    .containsKey(rules.get(m.getFullMethodName()).key());
        }
        assertThat(rules).hasSameSizeAs(PeerWire.peerMethods());
    }

    @Test
    void aServiceWithAMethodThatHasNoRuleIsRefusedAtStartUp() {
        MethodDescriptor<byte[], byte[]> unknown = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("jaring.v1.PeerService/ExportEverything")
                .setRequestMarshaller(WireBytes.MARSHALLER)
                .setResponseMarshaller(WireBytes.MARSHALLER)
                .build();
        ServerServiceDefinition service = ServerServiceDefinition.builder("jaring.v1.PeerService")
                .addMethod(unknown, ServerCalls.asyncUnaryCall((req, out) -> out.onCompleted()))
                .build();
        PeerBoundary boundary = new PeerBoundary(PeerBudgets.DEFAULTS, 10_000, new SimpleMeterRegistry());
        assertThatThrownBy(() -> boundary.guard(() -> service))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jaring.v1.PeerService/ExportEverything");
    }

    @Test
    void everyMethodHasACallBudgetPerPeerAndARefusalSaysWhenToRetry() throws Exception {
        try (RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", TIGHT);
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", my);
                FakePeer sg = new FakePeer(dir.resolve("sg"), "SG-SPF", my)) {
            PeerWire.pin(id, my);
            PeerWire.pin(sg, my);
            ManagedChannel flooder = PeerWire.channel(id, my);
            ManagedChannel other = PeerWire.channel(sg, my);
            try {
                for (MethodDescriptor<?, ?> method : PeerWire.peerMethods()) {
                    String key = PeerMethods.rules(20)
                            .get(method.getFullMethodName())
                            .key();
                    PeerWire.Result refused = null;
                    for (int i = 0; i < 200 && refused == null; i++) {
                        PeerWire.Result r = PeerWire.call(flooder, method, new byte[0]);
                        assertThat(r.status().getCode())
                                .as("%s: never a bug's status", method.getFullMethodName())
                                .isNotIn(Status.Code.INTERNAL, Status.Code.UNKNOWN);
                        if (r.status().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                            refused = r;
                        }
                    }
                    assertThat(refused)
                            .as("%s: a flooding peer is refused", method.getFullMethodName())
                            .isNotNull();
                    assertThat(refused.status().getDescription()).contains("peer_budgets." + key + ".calls_per_second");
                    assertThat(retryDelayMillis(refused))
                            .as("the refusal says when the call would pass")
                            .isPositive()
                            .isLessThanOrEqualTo(1_000);

                    // Another peer's budget for the same method is untouched.
                    PeerWire.Result fromOther = PeerWire.call(other, method, new byte[0]);
                    assertThat(fromOther.status().getCode())
                            .as("%s from another peer", method.getFullMethodName())
                            .isNotEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                }
            } finally {
                flooder.shutdownNow();
                other.shutdownNow();
            }
            assertThat(my.node
                            .metrics()
                            .find("jaring.peer.refused")
                            .tag("peer", "ID-POLRI")
                            .counters())
                    .isNotEmpty();
        }
    }

    @Test
    void aLookupOverTheValuesBudgetWaitsAndOneOverTheBatchCapNeverPasses() throws Exception {
        try (RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", TIGHT);
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", my)) {
            PeerWire.pin(id, my);
            ManagedChannel ch = PeerWire.channel(id, my);
            try {
                MethodDescriptor<?, ?> lookup = PeerServiceGrpc.getLookupMethod();
                assertThat(PeerWire.call(ch, lookup, lookup(20, "x").toByteArray())
                                .ok())
                        .isTrue();
                PeerWire.Result second =
                        PeerWire.call(ch, lookup, lookup(20, "y").toByteArray());
                assertThat(second.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(second.status().getDescription()).contains("peer_budgets.lookup.values_per_second");
                assertThat(retryDelayMillis(second))
                        .as("20 values at 1 a second")
                        .isGreaterThan(1_000);

                PeerWire.Result tooMany =
                        PeerWire.call(ch, lookup, lookup(21, "z").toByteArray());
                assertThat(tooMany.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(tooMany.status().getDescription()).contains("at most 20");
                assertThat(retryDelayMillis(tooMany))
                        .as("waiting would not help")
                        .isEqualTo(-1);
            } finally {
                ch.shutdownNow();
            }
        }
    }

    @Test
    void fieldsOverTheirCapsAreRefusedByNameAndTheErrorStaysSmall() throws Exception {
        try (RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM");
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", my)) {
            PeerWire.pin(id, my);
            ManagedChannel ch = PeerWire.channel(id, my);
            try {
                // One value of 3,000 characters, quoted back in full, once made trailers too large for HTTP/2.
                PeerLookupRequest huge = lookup(1, "").toBuilder()
                        .setQueries(
                                0,
                                LookupQuery.newBuilder()
                                        .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                        .setValue("a".repeat(3_000) + ".example"))
                        .build();
                PeerWire.Result r = PeerWire.call(ch, PeerServiceGrpc.getLookupMethod(), huge.toByteArray());
                assertThat(r.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(r.status().getDescription())
                        .startsWith("queries[0]")
                        .hasSizeLessThanOrEqualTo(GrpcErrors.MAX_MESSAGE);

                // 5,000 bad values: the message counts them, the details name the first 20.
                PeerLookupRequest.Builder many = lookup(0, "").toBuilder();
                for (int i = 0; i < 5_000; i++) {
                    many.addQueries(LookupQuery.newBuilder()
                            .setType(IndicatorType.INDICATOR_TYPE_IPV4)
                            .setValue("999.1.1." + i + "-" + "z".repeat(200)));
                }
                PeerWire.Result bad = PeerWire.call(
                        ch, PeerServiceGrpc.getLookupMethod(), many.build().toByteArray());
                assertThat(bad.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(bad.status().getDescription()).hasSizeLessThanOrEqualTo(GrpcErrors.MAX_MESSAGE);
                assertThat(badRequest(bad).getFieldViolationsCount()).isBetween(1, 20);
                assertThat(bad.trailers().toString().length())
                        .as("trailers a client accepts")
                        .isLessThan(8_192);

                // A sightings report: too many, and a sighting_id that is not a UUID, named before any signature check.
                ReportSightingsRequest.Builder report = ReportSightingsRequest.newBuilder();
                for (int i = 0; i < PeerMethodKeys.MAX_SIGHTINGS + 1; i++) {
                    report.addSightings(sighting(UUID.randomUUID().toString()));
                }
                PeerWire.Result tooMany = PeerWire.call(
                        ch,
                        PeerServiceGrpc.getReportSightingsMethod(),
                        report.build().toByteArray());
                assertThat(tooMany.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(tooMany.status().getDescription()).contains("at most 500");
                PeerWire.Result badId = PeerWire.call(
                        ch,
                        PeerServiceGrpc.getReportSightingsMethod(),
                        ReportSightingsRequest.newBuilder()
                                .addSightings(sighting("../../etc\r\npasswd"))
                                .build()
                                .toByteArray());
                assertThat(badId.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(badId.status().getDescription()).startsWith("sightings[0].sighting_id");
            } finally {
                ch.shutdownNow();
            }
        }
    }

    @Test
    void aPeerHasAtMostItsConcurrentCallsInProgressAcrossItsConnections() throws Exception {
        NationalCa sgCa = NationalCa.create(NodeId.of("SG-SPF"));
        NationalCa idCa = NationalCa.create(NodeId.of("ID-POLRI"));
        IssuedCertificate sgNode = sgCa.issueNode(Duration.ofDays(1));
        IssuedCertificate idNode = idCa.issueNode(Duration.ofDays(1));
        TrustStore sgTrust =
                TrustStore.create(dir.resolve("sg"), NodeId.of("SG-SPF"), sgCa.certificate(), Clock.systemUTC());
        sgTrust.addPeer(NodeId.of("ID-POLRI"), idCa.certificate(), idCa.fingerprint(), "127.0.0.1:1", Set.of());
        TrustStore idTrust =
                TrustStore.create(dir.resolve("id"), NodeId.of("ID-POLRI"), idCa.certificate(), Clock.systemUTC());
        idTrust.addPeer(NodeId.of("SG-SPF"), sgCa.certificate(), sgCa.fingerprint(), "127.0.0.1:1", Set.of());

        // A node whose revocation list takes as long as the test says: calls stay in progress until released.
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inProgress = new AtomicInteger();
        PeerServiceGrpc.AsyncService slow = new PeerServiceGrpc.AsyncService() {
            @Override
            public void getRevocations(GetRevocationsRequest request, StreamObserver<SignedRevocationList> out) {
                inProgress.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.onNext(SignedRevocationList.getDefaultInstance());
                out.onCompleted();
            }
        };
        PeerBudgets two = new PeerBudgets(2, PeerBudgets.DEFAULTS.bytes(), PeerBudgets.DEFAULTS.methods());
        PeerBoundary boundary = new PeerBoundary(two, 10_000, new SimpleMeterRegistry());
        TrustVerifier verifier = new TrustVerifier(sgTrust, Clock.systemUTC(), TrustDecisionListener.NONE);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(
                        TlsContexts.server("peer", EnumSet.of(Role.PEER_NODE), sgTrust, verifier, KeySource.of(sgNode)))
                .addService(ServerInterceptors.intercept(
                        boundary.guard(() -> PeerServiceGrpc.bindService(slow)),
                        new PeerIdentityInterceptor("peer", EnumSet.of(Role.PEER_NODE), verifier)))
                .build()
                .start();
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) { // one connection per call: the cap is per peer, not per connection
                channels.add(NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                        .sslContext(TlsContexts.client(KeySource.of(idNode), NodeId.of("SG-SPF"), idTrust))
                        .build());
            }
            var first = PeerServiceGrpc.newFutureStub(channels.get(0))
                    .getRevocations(GetRevocationsRequest.getDefaultInstance());
            var second = PeerServiceGrpc.newFutureStub(channels.get(1))
                    .getRevocations(GetRevocationsRequest.getDefaultInstance());
            Await.until("both calls in progress", () -> inProgress.get() >= 2);
            assertThat(first.isDone() || second.isDone())
                    .as("both calls stay in progress")
                    .isFalse();
            PeerWire.Result third =
                    PeerWire.call(channels.get(2), PeerServiceGrpc.getGetRevocationsMethod(), new byte[0]);
            assertThat(third.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(third.status().getDescription()).contains("peer_budgets.concurrent_calls");

            release.countDown();
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
            // The server closes the two calls just after the client sees their answers: a place is free again then.
            Await.until("a place is free again once a call has ended", () -> {
                PeerWire.Result after =
                        PeerWire.call(channels.get(2), PeerServiceGrpc.getGetRevocationsMethod(), new byte[0]);
                assertThat(after.status().getCode()).isIn(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED);
                return after.ok();
            });
        } finally {
            release.countDown();
            channels.forEach(ManagedChannel::shutdownNow);
            server.shutdownNow();
        }
    }

    static PeerLookupRequest lookup(int values, String prefix) {
        PeerLookupRequest.Builder b = PeerLookupRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setPurpose(Purpose.newBuilder()
                        .setCaseReference("TH-2026-1")
                        .setLegalBasis(LegalBasis.LEGAL_BASIS_POLICE_COOPERATION));
        for (int i = 0; i < values; i++) {
            b.addQueries(LookupQuery.newBuilder()
                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                    .setValue(prefix + "v" + i + ".example"));
        }
        return b.build();
    }

    private static Sighting sighting(String id) {
        return Sighting.newBuilder()
                .setSightingId(id)
                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                .setValue("seen.example")
                .build();
    }

    /** The RetryInfo delay of a refusal in milliseconds, -1 without one. */
    static long retryDelayMillis(PeerWire.Result r) throws InvalidProtocolBufferException {
        com.google.rpc.Status status = StatusProto.fromStatusAndTrailers(r.status(), r.trailers());
        for (Any detail : status == null ? List.<Any>of() : status.getDetailsList()) {
            if (detail.is(RetryInfo.class)) {
                var d = detail.unpack(RetryInfo.class).getRetryDelay();
                return d.getSeconds() * 1000 + d.getNanos() / 1_000_000;
            }
        }
        return -1;
    }

    private static BadRequest badRequest(PeerWire.Result r) throws InvalidProtocolBufferException {
        List<BadRequest> found = new ArrayList<>();
        for (Any detail :
                StatusProto.fromStatusAndTrailers(r.status(), r.trailers()).getDetailsList()) {
            if (detail.is(BadRequest.class)) {
                found.add(detail.unpack(BadRequest.class));
            }
        }
        return found.get(0);
    }
}
