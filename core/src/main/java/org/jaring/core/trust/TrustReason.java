package org.jaring.core.trust;

/** Why a certificate was accepted or refused; stable codes for metrics, logs and tests. */
public enum TrustReason {
    ACCEPTED,
    /** No certificate was presented. */
    NO_CERTIFICATE,
    /** No, several, or a malformed {@code urn:jaring:} SAN URI. */
    BAD_IDENTITY,
    /** A valid identity whose role this listener does not serve (maps to PERMISSION_DENIED). */
    ROLE_NOT_ALLOWED,
    /** An analyst/admin certificate naming another node, or a server that is not the node we meant to reach. */
    WRONG_NODE,
    /** The claimed node ID has no anchor here (never added, or removed). */
    UNKNOWN_PEER,
    /** The leaf is itself a CA certificate. */
    NOT_END_ENTITY,
    /** Path validation against the anchor bound to the claimed ID failed (wrong CA, bad signature...). */
    BAD_CHAIN,
    EXPIRED,
    NOT_YET_VALID,
    REVOKED,
    /** Extended key usage does not permit this use. */
    BAD_KEY_USAGE
}
