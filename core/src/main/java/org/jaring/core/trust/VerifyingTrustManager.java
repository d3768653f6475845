package org.jaring.core.trust;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The only trust manager our TLS contexts use: every variant goes to {@link TrustVerifier}; there is no fallback
 * to the JDK's default trust store, and each instance verifies one direction only (a server-side manager refuses
 * to judge servers and vice versa). Hostname checks are deliberately absent: the identity is the SAN URI.
 */
final class VerifyingTrustManager extends X509ExtendedTrustManager {

    /** What kind of check this instance performs. */
    enum Kind {
        CLIENTS_OF_LISTENER,
        PEER_SERVER,
        OWN_NODE_SERVER
    }

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private final Kind kind;
    private final TrustVerifier verifier;
    private final String listenerName;
    private final Set<Role> roles;
    private final NodeId expectedServer;
    private final NoRenegotiation renegotiation = NoRenegotiation.tracker();

    private VerifyingTrustManager(
            Kind kind, TrustVerifier verifier, String listenerName, Set<Role> roles, NodeId expectedServer) {
        this.kind = kind;
        this.verifier = verifier;
        this.listenerName = listenerName;
        this.roles = roles;
        this.expectedServer = expectedServer;
    }

    /**
     * Server side: the handshake authenticates any identity this node can verify; which roles may call is then
     * enforced per call by {@link PeerIdentityInterceptor}, so a valid but misplaced caller gets a clear
     * PERMISSION_DENIED instead of an opaque handshake failure. Unknown, revoked, expired or forged certificates
     * never complete the handshake.
     */
    static VerifyingTrustManager forClients(TrustVerifier verifier, String listenerName) {
        return new VerifyingTrustManager(
                Kind.CLIENTS_OF_LISTENER, verifier, listenerName, EnumSet.allOf(Role.class), null);
    }

    static VerifyingTrustManager forPeerServer(TrustVerifier verifier, NodeId expected) {
        return new VerifyingTrustManager(
                Kind.PEER_SERVER, verifier, "client->" + expected, EnumSet.of(Role.PEER_NODE), expected);
    }

    static VerifyingTrustManager forOwnNodeServer(TrustVerifier verifier) {
        return new VerifyingTrustManager(
                Kind.OWN_NODE_SERVER, verifier, "client->own", EnumSet.of(Role.PEER_NODE), null);
    }

    private void checkClient(X509Certificate[] chain, Object connection) throws CertificateException {
        if (kind != Kind.CLIENTS_OF_LISTENER) {
            throw new CertificateException("this trust manager does not verify clients");
        }
        renegotiation.firstHandshake(connection);
        verifier.verify(chain, roles, listenerName);
    }

    private void checkServer(X509Certificate[] chain, Object connection) throws CertificateException {
        if (kind == Kind.CLIENTS_OF_LISTENER) {
            throw new CertificateException("this trust manager does not verify servers");
        }
        renegotiation.firstHandshake(connection);
        switch (kind) {
            // Not just "some trusted peer": exactly the node we meant to call.
            case PEER_SERVER -> verifier.verifyPeerServer(chain, expectedServer, listenerName);
            case OWN_NODE_SERVER -> verifier.verifyOwnNodeServer(chain, listenerName);
            default -> throw new CertificateException("this trust manager does not verify servers");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkClient(chain, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClient(chain, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClient(chain, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServer(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServer(chain, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServer(chain, engine);
    }

    /** Empty: no CA names are advertised (they would only leak who we trust); clients send their one identity. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }
}
