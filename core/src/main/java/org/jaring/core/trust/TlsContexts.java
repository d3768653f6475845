package org.jaring.core.trust;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.Provider;
import java.security.Security;
import java.time.Clock;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Netty SslContexts for gRPC with mutual TLS. Every context uses our {@link ReloadableKeyManager} (so certificate
 * rotation needs no rebuild) and our {@link VerifyingTrustManager} (so no JDK default trust store is consulted).
 */
public final class TlsContexts {

    static {
        // Before any context exists, hence before SunJSSE reads its renegotiation switch.
        NoRenegotiation.enforce();
    }

    private TlsContexts() {}

    /**
     * A listener's server context: client certificates REQUIRED and verified by {@code verifier}. The handshake
     * authenticates; {@code allowedRoles} are enforced per call by the {@link PeerIdentityInterceptor} that must
     * be installed on the same listener with the same roles.
     */
    public static SslContext server(
            String listenerName, Set<Role> allowedRoles, TrustStore store, TrustVerifier verifier, KeySource keys)
            throws SSLException {
        return server(listenerName, allowedRoles, store, verifier, keys, TlsSettings.defaults());
    }

    public static SslContext server(
            String listenerName,
            Set<Role> allowedRoles,
            TrustStore store,
            TrustVerifier verifier,
            KeySource keys,
            TlsSettings settings)
            throws SSLException {
        if (allowedRoles == null || allowedRoles.isEmpty()) {
            throw new IllegalArgumentException("listener " + listenerName + " must allow at least one role");
        }
        if (verifier.store() != store) {
            throw new IllegalArgumentException("verifier belongs to a different trust store");
        }
        SslContextBuilder b = SslContextBuilder.forServer(new ReloadableKeyManager(keys));
        apply(b, settings);
        b.clientAuth(ClientAuth.REQUIRE);
        b.trustManager(VerifyingTrustManager.forClients(verifier, listenerName));
        return b.build();
    }

    /** A node calling a peer: the server must prove to be node {@code expectedServer}, anchored in the trust store. */
    public static SslContext client(KeySource keys, NodeId expectedServer, TrustStore store) throws SSLException {
        return client(
                keys,
                expectedServer,
                new TrustVerifier(store, Clock.systemUTC(), TrustDecisionListener.NONE),
                TlsSettings.defaults());
    }

    public static SslContext client(KeySource keys, NodeId expectedServer, TrustVerifier verifier, TlsSettings settings)
            throws SSLException {
        return clientBuilder(keys, settings)
                .trustManager(VerifyingTrustManager.forPeerServer(verifier, expectedServer))
                .build();
    }

    /** An analyst or admin calling its own node: the server must be our node ID under our own CA. */
    public static SslContext clientForOwnNode(KeySource keys, TrustStore store) throws SSLException {
        return clientForOwnNode(
                keys, new TrustVerifier(store, Clock.systemUTC(), TrustDecisionListener.NONE), TlsSettings.defaults());
    }

    public static SslContext clientForOwnNode(KeySource keys, TrustVerifier verifier, TlsSettings settings)
            throws SSLException {
        return clientBuilder(keys, settings)
                .trustManager(VerifyingTrustManager.forOwnNodeServer(verifier))
                .build();
    }

    private static SslContextBuilder clientBuilder(KeySource keys, TlsSettings settings) {
        SslContextBuilder b = SslContextBuilder.forClient().keyManager(new ReloadableKeyManager(keys));
        apply(b, settings);
        // Identity is the SAN URI checked by our trust manager; DNS-name matching would only get in the way.
        b.endpointIdentificationAlgorithm(null);
        return b;
    }

    /** gRPC's ALPN/HTTP2 setup for the chosen JSSE provider, then our protocol and suite policy on top. */
    private static void apply(SslContextBuilder b, TlsSettings settings) {
        Provider p = jsseProvider(settings.provider());
        GrpcSslContexts.configure(b, p);
        b.sslProvider(SslProvider.JDK)
                .sslContextProvider(p)
                .protocols(settings.protocols())
                .ciphers(settings.cipherSuites(), SupportedCipherSuiteFilter.INSTANCE);
    }

    static Provider jsseProvider(TlsSettings.Provider which) {
        return switch (which) {
            case BCJSSE -> Crypto.bcjsse();
            case JDK -> {
                Provider p = Security.getProvider("SunJSSE");
                if (p == null) {
                    throw new IllegalStateException("JDK TLS provider SunJSSE is not available");
                }
                yield p;
            }
        };
    }
}
