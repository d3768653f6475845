package org.jaring.node.federation;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jaring.core.trust.KeySource;
import org.jaring.node.FakePeer;
import org.jaring.node.RunningNode;
import org.jaring.node.signing.AnswerSigner;
import org.jaring.node.signing.PeerSignatures;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.Hit;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.QueryHits;
import org.jaring.v1.Tlp;

/**
 * A trusted peer acting in bad faith: a real national CA and node certificate ({@link FakePeer}), pinned by the
 * asking node like any peer, behind real mutual TLS, answering lookups with whatever bytes the test crafts. The
 * answers go out as crafted (pass-through marshaller), so they may be signed, re-signed or broken at will.
 */
final class HostileLookupPeer implements AutoCloseable {
    /**
     * What the peer answers to a request it received (with the request's bytes, which an answer is bound to);
     * a StatusRuntimeException thrown is sent as the call's error status.
     */
    interface Answer extends Function<Received<PeerLookupRequest>, byte[]> {}

    final FakePeer peer;
    final String nodeId;
    private final AtomicReference<Answer> answer = new AtomicReference<>();
    private final AtomicReference<byte[]> lastSent = new AtomicReference<>();
    private final AtomicInteger received = new AtomicInteger();
    private volatile Consumer<Received<PeerLookupRequest>> onReceive = r -> {};

    HostileLookupPeer(Path dir, String nodeId, RunningNode asker) throws Exception {
        this.nodeId = nodeId;
        this.peer = new FakePeer(dir, nodeId, asker);
        answer.set(this::honest);
        MethodDescriptor<Received<PeerLookupRequest>, byte[]> lookup = PeerServiceGrpc.getLookupMethod().toBuilder(
                        Received.marshaller(PeerLookupRequest.parser(), Status.INVALID_ARGUMENT), WireBytes.MARSHALLER)
                .build();
        ServerServiceDefinition service = ServerServiceDefinition.builder(PeerServiceGrpc.SERVICE_NAME)
                .addMethod(
                        lookup,
                        ServerCalls.asyncUnaryCall(
                                (Received<PeerLookupRequest> request, StreamObserver<byte[]> out) -> {
                                    received.incrementAndGet();
                                    onReceive.accept(request);
                                    byte[] bytes;
                                    try {
                                        bytes = answer.get().apply(request);
                                    } catch (StatusRuntimeException e) {
                                        out.onError(e); // an error status with the text the test chose
                                        return;
                                    }
                                    lastSent.set(bytes);
                                    out.onNext(bytes);
                                    out.onCompleted();
                                }))
                .build();
        peer.serve(() -> service);
        peer.pinnedBy(asker);
    }

    void answer(Answer a) {
        answer.set(a);
    }

    void onReceive(Consumer<Received<PeerLookupRequest>> hook) {
        onReceive = hook;
    }

    /** The bytes of the last answer sent. */
    byte[] lastSent() {
        return lastSent.get();
    }

    /** How many lookup requests reached this peer. */
    int requestsReceived() {
        return received.get();
    }

    /** An answer that passes every check: one hit per value asked, exactly as asked, from this peer. */
    PeerLookupResponse.Builder valid(PeerLookupRequest request) {
        PeerLookupResponse.Builder b = PeerLookupResponse.newBuilder();
        for (int i = 0; i < request.getQueriesCount(); i++) {
            b.addResults(QueryHits.newBuilder().setQueryIndex(i).addHits(hit(request, i)));
        }
        return b;
    }

    Hit.Builder hit(PeerLookupRequest request, int index) {
        return Hit.newBuilder()
                .setType(request.getQueries(index).getType())
                .setValue(request.getQueries(index).getValue())
                .setOriginNode(nodeId)
                .setTlp(Tlp.TLP_GREEN)
                .setConfidence(70)
                .setCaseHandle(nodeId + ":ABCDEFGHJKMNPQRSTVWX")
                .setContact(ContactPoint.newBuilder()
                        .setUnit("Cyber unit")
                        .setPhone("+62 21 000")
                        .addLanguages("id")
                        .addLanguages("en"));
    }

    /** {@code response} signed by {@code keys} for the request as received, serialized as sent. */
    static byte[] signed(KeySource keys, Received<PeerLookupRequest> request, PeerLookupResponse.Builder response) {
        return new AnswerSigner(keys).sign(PeerSignatures.hash(request.bytes()), response);
    }

    byte[] honest(Received<PeerLookupRequest> request) {
        return signed(peer.keys, request, valid(request.message()));
    }

    @Override
    public void close() {
        peer.close();
    }
}
