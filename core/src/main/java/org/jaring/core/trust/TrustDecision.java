package org.jaring.core.trust;

import java.time.Instant;

/**
 * One accept/refuse decision, as reported to {@link TrustDecisionListener}s. Contains only public data (claimed
 * identity, certificate fingerprint), never key material.
 *
 * @param stage HANDSHAKE when made by a TLS trust manager, CALL when made by the interceptor
 * @param claimedIdentity the SAN URI the certificate claims, or null if none could be read
 * @param fingerprint SHA-256 of the leaf, or null if no certificate was presented
 * @param identity the accepted identity, null when refused
 */
public record TrustDecision(
        Instant at,
        String listener,
        Stage stage,
        TrustReason reason,
        String detail,
        String claimedIdentity,
        String fingerprint,
        PeerIdentity identity) {

    public enum Stage {
        HANDSHAKE,
        CALL
    }

    public boolean accepted() {
        return reason == TrustReason.ACCEPTED;
    }
}
