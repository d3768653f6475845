package org.jaring.core.trust;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager that always offers the current {@link KeySource} credentials. Issuer hints from the peer are
 * ignored on purpose: we have exactly one identity to present, and the peer's trust manager decides.
 */
public final class ReloadableKeyManager extends X509ExtendedKeyManager {

    private static final String PREFIX = "jaring-";
    private final KeySource source;

    public ReloadableKeyManager(KeySource source) {
        this.source = source;
    }

    private String alias(String keyType) {
        KeySource.Material m = source.current();
        return compatible(keyType, m) ? PREFIX + m.generation() : null;
    }

    /** Key-type names differ between providers ("EC", "ECDSA", "ECDHE_ECDSA"...); RSA/DSA/EdDSA never fit. */
    private static boolean compatible(String keyType, KeySource.Material m) {
        if (keyType == null) {
            return true;
        }
        String algo = m.privateKey().getAlgorithm().toUpperCase(Locale.ROOT);
        String kt = keyType.toUpperCase(Locale.ROOT);
        if (algo.equals("EC") || algo.equals("ECDSA")) {
            return kt.contains("EC") && !kt.endsWith("RSA");
        }
        return kt.contains(algo);
    }

    private KeySource.Material material(String alias) {
        if (alias == null || !alias.startsWith(PREFIX)) {
            return null;
        }
        try {
            return source.generation(Long.parseLong(alias.substring(PREFIX.length())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String a = alias(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return chooseAny(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseAny(keyTypes);
    }

    private String chooseAny(String[] keyTypes) {
        if (keyTypes == null) {
            return alias(null);
        }
        for (String kt : keyTypes) {
            String a = alias(kt);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        KeySource.Material m = material(alias);
        return m == null ? null : m.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        KeySource.Material m = material(alias);
        return m == null ? null : m.privateKey();
    }
}
