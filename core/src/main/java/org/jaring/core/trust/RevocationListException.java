package org.jaring.core.trust;

import java.security.GeneralSecurityException;

/** A revocation list that must not be installed; the reason says why, for callers and tests alike. */
public class RevocationListException extends GeneralSecurityException {

    public enum Reason {
        MALFORMED,
        BAD_SIGNATURE,
        WRONG_ISSUER,
        STALE_SEQUENCE,
        UNKNOWN_PEER
    }

    private final Reason reason;

    public RevocationListException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
