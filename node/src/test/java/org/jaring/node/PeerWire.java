package org.jaring.node;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.TlsContexts;
import org.jaring.node.federation.WireBytes;
import org.jaring.v1.AddPeerRequest;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.RequestPeerServiceGrpc;

/**
 * A peer's view of a node's peer listener as bytes: any method, any request bytes, over the peer's own mutual-TLS
 * channel, with the status, trailers and every response message as they came. What the hostile-peer tests send
 * and compare.
 */
public final class PeerWire {
    private PeerWire() {}

    /** What one call returned: its status and trailers, and each response message's bytes in order. */
    public record Result(Status status, Metadata trailers, List<byte[]> responses) {
        public boolean ok() {
            return status.isOk();
        }
    }

    /** Every method a node serves on its peer listener, from the wire contract itself. */
    public static List<MethodDescriptor<?, ?>> peerMethods() {
        List<MethodDescriptor<?, ?>> all =
                new ArrayList<>(PeerServiceGrpc.getServiceDescriptor().getMethods());
        all.addAll(RequestPeerServiceGrpc.getServiceDescriptor().getMethods());
        return all;
    }

    /** {@code node} pins {@code peer}'s CA in {@code groups}, as its admin would after comparing fingerprints. */
    public static void pin(FakePeer peer, RunningNode node, String... groups) {
        node.admin()
                .addPeer(AddPeerRequest.newBuilder()
                        .setNodeId(peer.id.value())
                        .setCaCertificatePem(PemFiles.toPem(peer.ca.certificate()))
                        .setEndpoint(peer.endpoint())
                        .addAllGroups(List.of(groups))
                        .setConfirmedFingerprint(Fingerprints.sha256(peer.ca.certificate()))
                        .build());
    }

    /** A channel of its own from {@code peer} to {@code node}'s peer listener; the caller closes it. */
    public static ManagedChannel channel(FakePeer peer, RunningNode node) {
        try {
            return NettyChannelBuilder.forAddress(
                            "127.0.0.1", Integer.parseInt(node.peerEndpoint().split(":")[1]))
                    .sslContext(TlsContexts.client(peer.keys, NodeId.of(node.id()), peer.trust))
                    .maxInboundMessageSize(64 << 20)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls {@code method} with {@code body} as the request's bytes; waits at most 60 s. */
    public static Result call(Channel channel, MethodDescriptor<?, ?> method, byte[] body) {
        return call(channel, method, body, 60);
    }

    /** As above, with the call's deadline (a stream that never ends, such as WatchAlerts, ends there). */
    public static Result call(Channel channel, MethodDescriptor<?, ?> method, byte[] body, int deadlineSeconds) {
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(method.getType())
                .setFullMethodName(method.getFullMethodName())
                .setRequestMarshaller(WireBytes.MARSHALLER)
                .setResponseMarshaller(WireBytes.MARSHALLER)
                .build();
        ClientCall<byte[], byte[]> call =
                channel.newCall(raw, CallOptions.DEFAULT.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS));
        List<byte[]> responses = new ArrayList<>();
        CompletableFuture<Result> done = new CompletableFuture<>();
        call.start(
                new ClientCall.Listener<>() {
                    @Override
                    public void onMessage(byte[] message) {
                        synchronized (responses) {
                            responses.add(message);
                        }
                        call.request(1);
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        synchronized (responses) {
                            done.complete(new Result(status, trailers, List.copyOf(responses)));
                        }
                    }
                },
                new Metadata());
        call.request(1);
        call.sendMessage(body);
        call.halfClose();
        try {
            return done.get(deadlineSeconds + 30L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no answer from " + method.getFullMethodName(), e);
        }
    }
}
