package org.jaring.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.TlsContexts;
import org.jaring.core.trust.TrustStore;
import org.jaring.node.RunningNode;
import org.jaring.v1.ListPeersRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes that are not a valid request, sent to every method every listener binds (enumerated from the running
 * node, so a method added later is in this test without a line for it), by callers each listener admits: every
 * one is INVALID_ARGUMENT, the log gets no SEVERE record and no stack trace, and the node keeps answering.
 */
class MalformedRequestsTest {
    private static final long SEED = 22_05L;
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    @TempDir
    Path dir;

    private final List<ManagedChannel> channels = new ArrayList<>();

    @Test
    void garbageToEveryMethodOfEveryListenerIsInvalidArgumentWithoutAStackTrace() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB")) {
            th.issueAnalyst("analyst");
            Map<String, ManagedChannel> callers = new LinkedHashMap<>();
            callers.put("peer", peerChannel(th));
            callers.put("national", th.channel(th.node.nationalPort(), "analyst"));
            callers.put("admin", th.channel(th.node.adminPort(), "admin"));

            List<LogRecord> logged = new CopyOnWriteArrayList<>();
            Handler capture = new Handler() {
                @Override
                public void publish(LogRecord r) {
                    logged.add(r);
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
            capture.setLevel(Level.ALL);
            Logger root = Logger.getLogger("");
            root.addHandler(capture);
            Random random = new Random(SEED);
            List<String> notInvalid = new ArrayList<>();
            int sent = 0;
            long start = System.nanoTime();
            try {
                for (Map.Entry<String, ManagedChannel> caller : callers.entrySet()) {
                    for (ServerServiceDefinition service : th.node.services(caller.getKey())) {
                        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
                            for (int variant = 0; variant < 4; variant++) {
                                Status s =
                                        send(caller.getValue(), method.getMethodDescriptor(), garbage(variant, random));
                                sent++;
                                if (s.getCode() != Status.Code.INVALID_ARGUMENT) {
                                    notInvalid.add(caller.getKey() + " "
                                            + method.getMethodDescriptor().getFullMethodName() + " variant " + variant
                                            + ": " + s);
                                }
                            }
                        }
                    }
                }
            } finally {
                root.removeHandler(capture);
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

            assertThat(sent).as("methods reached").isGreaterThan(40);
            assertThat(notInvalid).isEmpty();
            assertThat(logged).noneMatch(r -> r.getLevel().intValue() >= Level.SEVERE.intValue());
            assertThat(logged).noneMatch(r -> r.getThrown() != null);
            long lines = logged.stream()
                    .filter(r -> r.getLoggerName().startsWith("org.jaring.node.transport."))
                    .count();
            // One line per listener per 10 s at most, however many bad messages.
            assertThat(lines).isBetween(1L, 3 * (1 + seconds / 10));

            // Still serving.
            assertThat(HealthGrpc.newBlockingStub(callers.get("national"))
                            .withDeadlineAfter(60, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance())
                            .getStatus()
                            .name())
                    .isEqualTo("SERVING");
            assertThat(th.admin()
                            .listPeers(ListPeersRequest.getDefaultInstance())
                            .getPeersList())
                    .hasSize(1);
        }
    }

    /**
     * Bytes no protobuf message parses: field number 0, wire type 7, a length past the end, a varint cut short;
     * each followed by seeded random bytes.
     */
    private static byte[] garbage(int variant, Random random) {
        byte[] head = switch (variant) {
            case 0 -> new byte[] {0x00};
            case 1 -> new byte[] {0x0F};
            case 2 -> new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, 0x7F};
            default -> new byte[] {};
        };
        byte[] tail = new byte[random.nextInt(32)];
        random.nextBytes(tail);
        if (variant == 3) { // a varint that never ends: every byte has its continuation bit set
            byte[] out = new byte[1 + tail.length];
            out[0] = 0x08;
            for (int i = 0; i < tail.length; i++) {
                out[i + 1] = (byte) (tail[i] | 0x80);
            }
            return out;
        }
        byte[] out = new byte[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /** One raw call: start, one message, half-close, and the status it ended with. */
    private static Status send(ManagedChannel channel, MethodDescriptor<?, ?> method, byte[] body) throws Exception {
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder(BYTES, BYTES)
                .setFullMethodName(method.getFullMethodName())
                .setType(method.getType())
                .build();
        ClientCall<byte[], byte[]> call =
                channel.newCall(raw, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS));
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(
                new ClientCall.Listener<>() {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        closed.complete(status);
                    }
                },
                new Metadata());
        call.request(16);
        call.sendMessage(body);
        call.halfClose();
        return closed.get(90, TimeUnit.SECONDS);
    }

    /** A channel from a trusted peer (its CA pinned by TH), verifying TH's node certificate as a node would. */
    private ManagedChannel peerChannel(RunningNode th) throws IOException {
        IssuedCertificate my = RawClients.trustedPeer(th, "MY-PDRM");
        var thCa = PemFiles.readCertificates(th.home.caCertificate()).get(0);
        TrustStore myTrust =
                TrustStore.create(dir.resolve("my-trust"), NodeId.of("MY-PDRM"), my.caCertificate(), Clock.systemUTC());
        myTrust.addPeer(NodeId.of("TH-CCIB"), thCa, Fingerprints.sha256(thCa), th.peerEndpoint(), Set.of("asean"));
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", th.node.peerPort())
                .sslContext(TlsContexts.client(KeySource.of(my), NodeId.of("TH-CCIB"), myTrust))
                .build();
        channels.add(ch);
        return ch;
    }

    @AfterEach
    void closeChannels() {
        channels.forEach(ManagedChannel::shutdownNow);
    }
}
