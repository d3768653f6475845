package org.jaring.core.trust;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A freshly issued certificate with its private key and the issuing CA certificate. */
public record IssuedCertificate(PrivateKey privateKey, X509Certificate certificate, X509Certificate caCertificate) {

    /** Leaf first, then the CA: what a TLS peer is sent. */
    public X509Certificate[] chain() {
        return new X509Certificate[] {certificate, caCertificate};
    }

    public String fingerprint() {
        return Fingerprints.sha256(certificate);
    }
}
