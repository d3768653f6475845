package org.jaring.node.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.node.RunningNode;
import org.jaring.node.TestConfigs;
import org.jaring.node.server.JaringNode;

/**
 * Clients a hostile peer would write: raw JSSE sockets with a certificate of our choosing, no gRPC, so a test can
 * do on the wire what a well-behaved client never does (renegotiate, hold connections, stay silent).
 */
public final class RawClients {
    private RawClients() {}

    /** A peer's node certificate under a CA that {@code node} has pinned (so its handshakes are accepted). */
    static IssuedCertificate trustedPeer(RunningNode node, String peerId) throws IOException {
        NationalCa ca = NationalCa.create(NodeId.of(peerId));
        node.node
                .trust()
                .addPeer(
                        NodeId.of(peerId),
                        ca.certificate(),
                        Fingerprints.sha256(ca.certificate()),
                        "127.0.0.1:1",
                        Set.of("asean"));
        return ca.issueNode(Duration.ofDays(30));
    }

    /** A node certificate under a CA nobody pinned: a stranger. */
    static IssuedCertificate stranger(String id) {
        return NationalCa.create(NodeId.of(id)).issueNode(Duration.ofDays(30));
    }

    /** A JSSE (SunJSSE) TLS 1.2 client socket presenting {@code cert}, offering h2, trusting any server. */
    static SSLSocket tls12(int port, IssuedCertificate cert) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("me", cert.privateKey(), new char[0], cert.chain());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", "SunJSSE");
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", "SunJSSE");
        ctx.init(kmf.getKeyManagers(), new TrustManager[] {new AnyServer()}, null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
        s.setSoTimeout(60_000);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(new String[] {"TLSv1.2"});
        p.setApplicationProtocols(new String[] {"h2"});
        s.setSSLParameters(p);
        return s;
    }

    /**
     * Reads until the server closes the connection (end of stream or an exception) and returns true; false if it is
     * still open, silent, when {@code silence} has passed with nothing to read.
     */
    static boolean closedByServer(Socket s, Duration silence) throws IOException {
        s.setSoTimeout((int) silence.toMillis());
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // the server's HTTP/2 SETTINGS, then nothing until it closes
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // a TLS alert or a reset: closed all the same
        }
    }

    static double count(MeterRegistry registry, String meter, String... tags) {
        return registry.find(meter).tags(tags).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** Reads until the server ends the connection; returns how it ended (an exception's text, or "end of stream"). */
    static String howItEnded(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // the server's HTTP/2 SETTINGS, then nothing until it closes
            }
            return "end of stream";
        } catch (SocketTimeoutException e) {
            return "still open";
        } catch (IOException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** A node home whose node.yaml uses {@code provider} and appends {@code extraYaml}, started. */
    static RunningNode node(Path dir, String id, String provider, String extraYaml) throws IOException {
        RunningNode n = new RunningNode(dir, id, extraYaml);
        if (!provider.equals("JDK")) {
            n.stop();
            Files.writeString(
                    n.home.config(),
                    Files.readString(n.home.config()).replace("provider: JDK", "provider: " + provider));
            n.node = JaringNode.start(TestConfigs.config(n.home));
        }
        return n;
    }

    /** Trusts any certificate: in these tests the other side of the connection is the one under test. */
    public static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
