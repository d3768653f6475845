package org.jaring.node.federation;

import com.google.protobuf.util.Timestamps;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jaring.v1.PeerHealth;

/** Watches every call to one peer: the last success, the last error, and the certificate it presented. */
final class PeerHealthRecorder implements ClientInterceptor {
    private record LastError(String text, long atMillis) {}

    private final String nodeId;
    private volatile long lastSuccessMillis;
    /** Of the last successful unary call: how long the region's analysts wait on this peer (console's Region map). */
    private volatile long lastLatencyMillis;
    /** The last error and when it happened, in one field so that a reader never pairs one's text with another's time. */
    private volatile LastError lastError = new LastError("", 0);

    private volatile long certificateNotAfterMillis;
    private volatile long revocationSequence;

    PeerHealthRecorder(String nodeId) {
        this.nodeId = nodeId;
    }

    void revocationSequence(long sequence) {
        revocationSequence = sequence;
    }

    PeerHealth.Builder snapshot() {
        LastError error = lastError;
        PeerHealth.Builder h = PeerHealth.newBuilder()
                .setNodeId(nodeId)
                .setLastError(error.text())
                .setRevocationSequence(revocationSequence);
        if (error.atMillis() > 0) {
            h.setLastErrorAt(Timestamps.fromMillis(error.atMillis()));
        }
        h.setLastLatencyMillis((int) Math.min(Integer.MAX_VALUE, lastLatencyMillis));
        if (lastSuccessMillis > 0) {
            h.setLastSuccess(Timestamps.fromMillis(lastSuccessMillis));
        }
        if (certificateNotAfterMillis > 0) {
            h.setCertificateNotAfter(Timestamps.fromMillis(certificateNotAfterMillis));
        }
        return h;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                ClientCall<Q, R> call = this;
                long started = System.nanoTime();
                boolean unary = method.getType() == MethodDescriptor.MethodType.UNARY;
                super.start(
                        new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                            @Override
                            public void onClose(Status status, Metadata trailers) {
                                record(status, call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                                if (unary && status.isOk()) {
                                    lastLatencyMillis = (System.nanoTime() - started) / 1_000_000;
                                }
                                super.onClose(status, trailers);
                            }
                        },
                        headers);
            }
        };
    }

    /** Package-private for tests: what one finished call to the peer tells about it. */
    void record(Status status, SSLSession session) {
        if (status.isOk()) {
            lastSuccessMillis = System.currentTimeMillis();
        } else {
            lastError = new LastError(
                    status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()),
                    System.currentTimeMillis());
        }
        if (session != null) {
            try {
                Certificate[] chain = session.getPeerCertificates();
                if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                    certificateNotAfterMillis = leaf.getNotAfter().getTime();
                }
            } catch (SSLPeerUnverifiedException ignored) {
                // no verified peer on this session: nothing to record
            }
        }
    }
}
