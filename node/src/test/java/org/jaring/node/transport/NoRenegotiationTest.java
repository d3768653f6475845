package org.jaring.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.TrustDecisionMetrics;
import org.jaring.node.RunningNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A trusted peer that asks for TLS 1.2 renegotiation on an established connection is refused, on both providers:
 * no second handshake completes, no second acceptance is counted or audited, and the connection ends.
 */
class NoRenegotiationTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"JDK", "BCJSSE"})
    void aClientInitiatedRenegotiationIsRefused(String provider) throws Exception {
        // The JDK's switch is static: set by TlsContexts before SunJSSE's first server handshake in this JVM.
        try (RunningNode th =
                RawClients.node(dir.resolve("th"), "TH-CCIB", provider, "transport: {handshake_timeout: 30s}\n")) {
            IssuedCertificate my = RawClients.trustedPeer(th, "MY-PDRM");
            AtomicInteger handshakes = new AtomicInteger();
            try (SSLSocket s = RawClients.tls12(th.node.peerPort(), my)) {
                s.addHandshakeCompletedListener(e -> handshakes.incrementAndGet());
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
                assertThat(accepted(th)).isEqualTo(1.0);

                s.getSession().invalidate(); // no resumption: a full handshake, certificates and all
                s.startHandshake(); // a new ClientHello on the same connection
                // The server refuses it in so many words: SunJSSE with a fatal handshake_failure alert (without
                // the switch it goes along and the connection dies later without one), BCJSSE with no_renegotiation.
                assertThat(RawClients.howItEnded(s, Duration.ofMinutes(2)))
                        .contains(provider.equals("JDK") ? "handshake_failure" : "no_renegotiation");
            }
            assertThat(accepted(th)).as("acceptances counted by the node").isEqualTo(1.0);
            assertThat(handshakes.get())
                    .as("handshakes completed on the connection")
                    .isLessThanOrEqualTo(1);
        }
    }

    private static double accepted(RunningNode node) {
        return RawClients.count(
                node.node.metrics(),
                TrustDecisionMetrics.METER,
                "outcome",
                "accepted",
                "stage",
                "handshake",
                "listener",
                "peer");
    }
}
