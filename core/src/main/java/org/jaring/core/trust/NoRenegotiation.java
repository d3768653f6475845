package org.jaring.core.trust;

import java.security.cert.CertificateException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * No TLS renegotiation, on either provider, on either side of a connection. A renegotiation is a full handshake
 * the other side can ask for again and again on one connection: our CPU for its signatures, and one audit record
 * per handshake (100 renegotiations once wrote 104). TLS 1.3 has no renegotiation; TLS 1.2 does, so:
 * <ul>
 * <li>SunJSSE as server: {@code jdk.tls.rejectClientInitiatedRenegotiation}, read once when SunJSSE first
 *     builds a server handshake, so it is set here, when the first of our contexts is made, before any handshake;
 * <li>BCJSSE as server never renegotiates (its TLS server has no renegotiation); as client it does only with
 *     {@code org.bouncycastle.jsse.client.acceptRenegotiation=true}, forced off here;
 * <li>SunJSSE as client has no switch for a server's HelloRequest, so {@link #firstHandshake} refuses a second
 *     certificate check on the same connection, which every full handshake makes: the renegotiation fails
 *     before any audit record is written. It also backs up the two properties, should a JVM flag undo them.
 *     (A renegotiation that resumes the session checks no certificate, so SunJSSE as a client still follows
 *     that one: no signature, no record.)
 * </ul>
 */
final class NoRenegotiation {
    static final String JDK_SERVER = "jdk.tls.rejectClientInitiatedRenegotiation";
    static final String BC_CLIENT = "org.bouncycastle.jsse.client.acceptRenegotiation";

    static {
        System.setProperty(JDK_SERVER, "true");
        System.setProperty(BC_CLIENT, "false");
    }

    /** Connections (engines or sockets) that completed a certificate check; weak, so closed ones go. */
    private final Map<Object, Boolean> checked = Collections.synchronizedMap(new WeakHashMap<>());

    private NoRenegotiation() {}

    /** Sets the provider switches; call before the first TLS context is built. Idempotent. */
    static void enforce() {
        // The static initializer does the work, once.
    }

    static NoRenegotiation tracker() {
        return new NoRenegotiation();
    }

    /**
     * Passes the first certificate check of a connection; throws on any later one, which only a renegotiation
     * makes. {@code connection} null (a caller without an engine or socket) cannot be tracked and passes.
     */
    void firstHandshake(Object connection) throws CertificateException {
        if (connection != null && checked.put(connection, Boolean.TRUE) != null) {
            throw new CertificateException("TLS renegotiation is refused: one handshake per connection");
        }
    }
}
