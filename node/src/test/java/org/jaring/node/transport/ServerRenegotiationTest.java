package org.jaring.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.TestNode;
import org.jaring.core.trust.TlsSettings;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The other direction: a trusted peer's server asks our node's client to renegotiate (a TLS 1.2 HelloRequest).
 * SunJSSE as a client has no switch against it, so our trust manager refuses the second certificate check on
 * the connection: the renegotiation fails and no second acceptance is counted (or audited). BCJSSE's client
 * refuses by itself. Engines in memory, our client context exactly as a node builds it.
 */
class ServerRenegotiationTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TlsSettings.Provider.class)
    void ourClientRefusesAServersRenegotiation(TlsSettings.Provider provider) throws Exception {
        try (TestNode th = new TestNode("TH-CCIB", dir);
                TestNode my = new TestNode("MY-PDRM", dir)) {
            my.trust(th);
            SSLEngine client =
                    my.clientTo(th.id, TlsSettings.of(provider)).newEngine(ByteBufAllocator.DEFAULT, "127.0.0.1", 7400);
            SSLEngine server = tls12Server(th.nodeCert);
            client.beginHandshake();
            server.beginHandshake();
            pump(client, server);
            assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(my.accepted("client->TH-CCIB")).isEqualTo(1);

            // No resumption on either side: a full handshake, in which the server's certificate is checked again.
            // (A resumed one checks no certificate and costs no signature; SunJSSE as a client would go along.)
            client.getSession().invalidate();
            server.getSession().invalidate();
            server.beginHandshake(); // HelloRequest
            Throwable refused = catchThrowable(() -> pump(client, server));
            if (provider == TlsSettings.Provider.JDK) {
                assertThat(refused).isInstanceOf(SSLException.class);
                assertThat(messages(refused)).contains("TLS renegotiation is refused");
            }
            // BCJSSE answers no_renegotiation and stays on the first handshake; either way no second one.
            assertThat(my.accepted("client->TH-CCIB")).isEqualTo(1);
        }
    }

    private static SSLEngine tls12Server(IssuedCertificate cert) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("me", cert.privateKey(), new char[0], cert.chain());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", "SunJSSE");
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", "SunJSSE");
        ctx.init(kmf.getKeyManagers(), new TrustManager[] {new RawClients.AnyServer()}, null);
        SSLEngine e = ctx.createSSLEngine();
        e.setUseClientMode(false);
        e.setEnabledProtocols(new String[] {"TLSv1.2"});
        e.setWantClientAuth(true);
        return e;
    }

    /** Moves records both ways until neither engine has anything left to do. */
    private static void pump(SSLEngine client, SSLEngine server) throws SSLException {
        ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        for (int i = 0; i < 10_000; i++) {
            boolean clientMoved = step(client, toServer, toClient);
            boolean serverMoved = step(server, toClient, toServer); // both sides step every round
            boolean moved = clientMoved || serverMoved;
            if (!moved && toServer.position() == 0 && toClient.position() == 0) {
                return;
            }
        }
        throw new AssertionError("the engines did not settle");
    }

    private static boolean step(SSLEngine e, ByteBuffer out, ByteBuffer in) throws SSLException {
        ByteBuffer app = ByteBuffer.allocate(1 << 17);
        HandshakeStatus hs = e.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
            for (Runnable t; (t = e.getDelegatedTask()) != null; ) {
                t.run();
            }
            return true;
        }
        if (hs == HandshakeStatus.NEED_WRAP) {
            e.wrap(ByteBuffer.allocate(0), out);
            return true;
        }
        if (in.position() > 0) {
            in.flip();
            var r = e.unwrap(in, app);
            in.compact();
            return r.bytesConsumed() > 0 || r.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING;
        }
        return false;
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append(" | ");
        }
        return b.toString();
    }
}
