package org.jaring.core.trust;

import java.security.cert.CertificateException;

/** A refused certificate, with the reason code so callers (and TLS stacks) fail with something precise. */
public class TrustException extends CertificateException {

    private final TrustReason reason;

    public TrustException(TrustReason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public TrustReason reason() {
        return reason;
    }
}
