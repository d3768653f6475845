package org.jaring.core.trust;

import java.util.List;
import java.util.Set;

/**
 * TLS provider, protocols and cipher suites. The constructor refuses anything weaker than policy (TLS 1.3, or
 * TLS 1.2 with ECDHE + AEAD suites), so a configuration mistake cannot silently downgrade the federation.
 */
public record TlsSettings(Provider provider, List<String> protocols, List<String> cipherSuites) {

    public enum Provider {
        BCJSSE,
        JDK
    }

    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    public TlsSettings {
        if (provider == null) {
            throw new IllegalArgumentException("TLS provider is required (BCJSSE or JDK)");
        }
        protocols = List.copyOf(protocols == null || protocols.isEmpty() ? DEFAULT_PROTOCOLS : protocols);
        cipherSuites =
                List.copyOf(cipherSuites == null || cipherSuites.isEmpty() ? DEFAULT_CIPHER_SUITES : cipherSuites);
        for (String p : protocols) {
            if (!ALLOWED_PROTOCOLS.contains(p)) {
                throw new IllegalArgumentException("TLS protocol " + p + " is not allowed (only TLSv1.3, TLSv1.2)");
            }
        }
        for (String c : cipherSuites) {
            if (!allowedSuite(c)) {
                throw new IllegalArgumentException("cipher suite " + c
                        + " is not allowed (TLS 1.3 suites, or TLS 1.2 ECDHE with AES-GCM / ChaCha20-Poly1305)");
            }
        }
    }

    /**
     * The JDK's provider (SunJSSE): it uses the JVM's AES-GCM intrinsics where BouncyCastle's JSSE runs AES in
     * Java, its AESEngine being the top CPU frame of the ingest profile; the echo of a 157 kB answer took
     * 9.9-10.8 ms against 16.3-18.0 ms (docs/benchmarks-history.md). Verification is ours either way (our key and
     * trust managers), and the TLS tests run the refusals with both providers.
     */
    public static TlsSettings defaults() {
        return new TlsSettings(Provider.JDK, DEFAULT_PROTOCOLS, DEFAULT_CIPHER_SUITES);
    }

    public static TlsSettings of(Provider provider) {
        return new TlsSettings(provider, DEFAULT_PROTOCOLS, DEFAULT_CIPHER_SUITES);
    }

    static boolean allowedSuite(String c) {
        boolean tls13 = c.equals("TLS_AES_128_GCM_SHA256")
                || c.equals("TLS_AES_256_GCM_SHA384")
                || c.equals("TLS_CHACHA20_POLY1305_SHA256");
        boolean ecdheAead = c.startsWith("TLS_ECDHE_ECDSA_WITH_") || c.startsWith("TLS_ECDHE_RSA_WITH_");
        ecdheAead = ecdheAead
                && (c.endsWith("_GCM_SHA256") || c.endsWith("_GCM_SHA384") || c.endsWith("_CHACHA20_POLY1305_SHA256"));
        return tls13 || ecdheAead;
    }
}
