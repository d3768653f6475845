package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * A peer behind a slow link whose TLS handshake times out is unreachable for now, not refusing this node's
 * certificate: before, the time-out (an SSLException) was reported as "the peer refused this node's certificate
 * in the TLS handshake", sending the operator to exchange certificates again.
 */
class HandshakeTimeoutDiagnosisTest {
    @Test
    void aHandshakeTimeOutNamesTheTimeNotACertificate() {
        String detail = PeerCall.handshakeTimedOut(new IOException(
                "connection failed", new SslHandshakeTimeoutException("handshake timed out after 10000ms")));
        assertThat(detail)
                .startsWith("the TLS handshake did not complete in 10.0 s")
                .contains("not a certificate problem")
                .doesNotContain("refused");
    }

    @Test
    void aRefusalByAlertIsNoTimeOut() {
        assertThat(PeerCall.handshakeTimedOut(new SSLHandshakeException("Received fatal alert: certificate_unknown")))
                .isNull();
        assertThat(PeerCall.handshakeTimedOut(null)).isNull();
    }
}
