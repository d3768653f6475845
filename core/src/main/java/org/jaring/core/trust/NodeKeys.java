package org.jaring.core.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;

/**
 * Loads the node's own key and certificate from files and checks that they belong together and to this
 * node: issued by its own national CA, naming its node ID, currently valid. Used at start-up and by
 * {@code cert rotate}, which reloads them while the node runs.
 */
public final class NodeKeys {
    private NodeKeys() {}

    /** The passphrase from the named environment variable; none when the name is empty. */
    public static char[] passphrase(String environmentVariable) {
        if (environmentVariable == null || environmentVariable.isEmpty()) {
            return null;
        }
        String value = System.getenv(environmentVariable);
        if (value == null) {
            throw new IllegalStateException("tls.node_key_passphrase_env names " + environmentVariable
                    + ", but that environment variable is not set; export it before starting the node");
        }
        return value.toCharArray();
    }

    public static KeySource load(
            Path certificateFile, Path keyFile, char[] passphrase, TrustSnapshot trust, Clock clock)
            throws IOException {
        Material m = read(certificateFile, keyFile, passphrase, trust, clock);
        return new KeySource(m.key(), m.chain());
    }

    /** Re-reads the files into {@code keys}; new handshakes use them, open connections are untouched. */
    public static X509Certificate reload(
            KeySource keys, Path certificateFile, Path keyFile, char[] passphrase, TrustSnapshot trust, Clock clock)
            throws IOException {
        Material m = read(certificateFile, keyFile, passphrase, trust, clock);
        keys.update(m.key(), m.chain());
        return m.chain()[0];
    }

    private record Material(PrivateKey key, X509Certificate[] chain) {}

    private static Material read(
            Path certificateFile, Path keyFile, char[] passphrase, TrustSnapshot trust, Clock clock)
            throws IOException {
        List<X509Certificate> chain = PemFiles.readCertificates(certificateFile);
        if (chain.isEmpty()) {
            throw new IOException(certificateFile + " holds no certificate");
        }
        PrivateKey key = PemFiles.readPrivateKey(keyFile, passphrase);
        X509Certificate leaf = chain.get(0);
        try {
            leaf.verify(trust.ownCa().getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IOException(certificateFile + " was not issued by this node's national CA ("
                    + Fingerprints.display(Fingerprints.sha256(trust.ownCa())) + ")");
        }
        IdentityUri uri = IdentityUri.of(leaf);
        if (uri.role() != Role.PEER_NODE || !uri.nodeId().equals(trust.ownNodeId())) {
            throw new IOException(certificateFile + " names " + uri.uri() + ", not this node "
                    + IdentityUri.node(trust.ownNodeId()).uri());
        }
        try {
            leaf.checkValidity(Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            throw new IOException(certificateFile + " is not valid now (" + leaf.getNotBefore() + " to "
                    + leaf.getNotAfter() + "); issue a new one with 'jaring cert rotate'");
        }
        return new Material(key, chain.toArray(X509Certificate[]::new));
    }
}
