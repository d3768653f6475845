package org.jaring.bench;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jaring.node.api.PeerGrpcService;
import org.jaring.node.federation.FederatedLookup;
import org.jaring.node.federation.Received;
import org.jaring.node.share.PeerDirectory;
import org.jaring.node.share.PeerLookupResponder;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerServiceGrpc;

/**
 * A peer node's lookup service served by the benchmark on its own port: the node's {@link PeerGrpcService} over
 * the node's own data, with a responder the benchmark chooses, behind the peer listener's mutual TLS and
 * identity interceptor ({@link BenchTls}). Two of them, one with the node's signing, audited responder and one
 * with its unsigned, unaudited copy, differ in nothing else.
 */
final class ResponderServer implements AutoCloseable {
    private final Server server;
    private final ManagedChannel channel;
    private final PeerServiceGrpc.PeerServiceBlockingStub stub;

    ResponderServer(BenchNode answering, BenchNode asking, PeerLookupResponder responder) throws IOException {
        PeerGrpcService service = new PeerGrpcService(
                responder, new PeerDirectory(answering.node().trust()), null, null, null); // Lookup only
        server = BenchTls.serve(answering, service.bindService(), true);
        channel = BenchTls.channel(asking, answering, server.getPort());
        stub = PeerServiceGrpc.newBlockingStub(channel);
    }

    PeerLookupResponse lookup(PeerLookupRequest request) {
        return stub.withDeadlineAfter(30, TimeUnit.SECONDS).lookup(request);
    }

    /** The lookup as FederatedLookup makes it: the answer comes with the bytes it arrived in. */
    Received<PeerLookupResponse> lookupKeepingBytes(PeerLookupRequest request) {
        var timed = stub.withDeadlineAfter(30, TimeUnit.SECONDS);
        return ClientCalls.blockingUnaryCall(
                timed.getChannel(), FederatedLookup.LOOKUP_KEEPING_BYTES, timed.getCallOptions(), request);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
    }
}
