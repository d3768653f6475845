package org.jaring.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.node.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections are bounded per peer and in time, on the wire, against a running node. */
class ConnectionLimitsTest {
    private static final Duration OPEN = Duration.ofMillis(500);

    @TempDir
    Path dir;

    @Test
    void aPeerOverItsConnectionCapIsClosedWhileAnotherPeerStillConnects() throws Exception {
        try (RunningNode th = new RunningNode(
                dir.resolve("th"), "TH-CCIB", "transport: {max_connections_per_peer: 2, handshake_timeout: 5m}\n")) {
            IssuedCertificate my = RawClients.trustedPeer(th, "MY-PDRM");
            IssuedCertificate sg = RawClients.trustedPeer(th, "SG-SPF");
            List<SSLSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    held.add(connect(th, my));
                    assertThat(RawClients.howItEnded(held.get(i), OPEN))
                            .as("connection %d of 2", i + 1)
                            .isEqualTo("still open");
                }
                try (SSLSocket third = connect(th, my)) {
                    assertThat(RawClients.howItEnded(third, Duration.ofMinutes(2)))
                            .isNotEqualTo("still open");
                }
                assertThat(RawClients.count(th.node.metrics(), ConnectionCap.METER, "listener", "peer"))
                        .isEqualTo(1.0);

                try (SSLSocket other = connect(th, sg)) {
                    assertThat(RawClients.howItEnded(other, OPEN))
                            .as("another peer")
                            .isEqualTo("still open");
                }

                // A closed connection gives its place back.
                held.remove(0).close();
                RefusedHandshakesTest.await(() -> {
                    try (SSLSocket again = connect(th, my)) {
                        return RawClients.howItEnded(again, OPEN).equals("still open");
                    } catch (Exception e) {
                        return false;
                    }
                });
            } finally {
                for (SSLSocket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aClientThatNeverFinishesItsHandshakeIsDroppedAfterTheTimeout() throws Exception {
        try (RunningNode quick = new RunningNode(dir.resolve("th"), "TH-CCIB", "transport: {handshake_timeout: 1s}\n");
                RunningNode patient =
                        new RunningNode(dir.resolve("my"), "MY-PDRM", "transport: {handshake_timeout: 5m}\n");
                Socket silentToPatient = tcp(patient.node.peerPort());
                Socket silent = tcp(quick.node.peerPort())) {
            // Not a byte of TLS: dropped.
            assertThat(RawClients.howItEnded(silent, Duration.ofMinutes(2))).isNotEqualTo("still open");
            // TLS done, but never the HTTP/2 preface: the timeout runs until the client's first SETTINGS, so dropped
            // too (on a machine so loaded that the handshake itself outlasts the second, it is dropped all the same).
            IssuedCertificate sg = RawClients.trustedPeer(quick, "SG-SPF");
            try (SSLSocket tlsThenSilent = RawClients.tls12(quick.node.peerPort(), sg)) {
                String ended;
                try {
                    tlsThenSilent.startHandshake();
                    ended = RawClients.howItEnded(tlsThenSilent, Duration.ofMinutes(2));
                } catch (IOException e) {
                    ended = "handshake cut: " + e.getMessage();
                }
                assertThat(ended).isNotEqualTo("still open");
            }
            // The same silence on a node with a long timeout, opened before: still held, so the setting did it.
            assertThat(RawClients.howItEnded(silentToPatient, OPEN)).isEqualTo("still open");
        }
    }

    private static SSLSocket connect(RunningNode node, IssuedCertificate cert) throws Exception {
        SSLSocket s = RawClients.tls12(node.node.peerPort(), cert);
        s.startHandshake();
        return s;
    }

    private static Socket tcp(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
        return s;
    }
}
