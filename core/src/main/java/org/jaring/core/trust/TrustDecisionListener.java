package org.jaring.core.trust;

/** Receives every trust decision. Implementations must be fast and must not throw (they run in TLS handshakes). */
@FunctionalInterface
public interface TrustDecisionListener {

    TrustDecisionListener NONE = d -> {};

    void onDecision(TrustDecision decision);

    default TrustDecisionListener andThen(TrustDecisionListener other) {
        return d -> {
            onDecision(d);
            other.onDecision(d);
        };
    }
}
