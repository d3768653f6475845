package org.jaring.core.setup;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.TlsContexts;
import org.jaring.core.trust.TlsSettings;
import org.jaring.core.trust.TrustDecisionListener;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustVerifier;

/**
 * A mutual-TLS channel from an analyst's or admin's client certificate to their own node, which must prove
 * the node ID under the node's own national CA (read from the node's trust store, never from the network).
 */
public final class OwnNodeClient {
    private OwnNodeClient() {}

    public static ManagedChannel open(
            Path trustDir, String host, int port, Path certificate, Path key, char[] passphrase) throws IOException {
        List<X509Certificate> chain = PemFiles.readCertificates(certificate);
        PrivateKey privateKey = PemFiles.readPrivateKey(key, passphrase);
        TrustStore trust = TrustStore.open(trustDir, Clock.systemUTC());
        KeySource keys = new KeySource(privateKey, chain.toArray(X509Certificate[]::new));
        TrustVerifier verifier = new TrustVerifier(trust, Clock.systemUTC(), TrustDecisionListener.NONE);
        return NettyChannelBuilder.forAddress(host, port)
                .sslContext(TlsContexts.clientForOwnNode(keys, verifier, TlsSettings.defaults()))
                .maxInboundMessageSize(64 << 20)
                .build();
    }
}
