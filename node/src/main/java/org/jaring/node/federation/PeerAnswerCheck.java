package org.jaring.node.federation;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.trust.TrustSnapshot;
import org.jaring.node.signing.AnswerVerifier;
import org.jaring.v1.PeerLookupResponse;

/**
 * Everything the asking node checks in one peer's lookup answer before any of it is used: what it says
 * ({@link PeerAnswerRules}: only the values asked, as that peer, in bounded size) and who signed it
 * ({@link AnswerVerifier}: bound to this request, signed by a node certificate of that peer that its connections
 * would be accepted with). The content is checked first: it is cheap, and it bounds what the signature check and
 * the audit record then handle. One instance per asking node; there is no way to build a lookup without it.
 */
public final class PeerAnswerCheck {
    private final Supplier<TrustSnapshot> trust;
    private final AnswerVerifier signatures;
    private final PeerAnswerRules rules;

    public PeerAnswerCheck(Supplier<TrustSnapshot> trust, AnswerVerifier signatures, PeerAnswerRules rules) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /** Null when {@code answer} of {@code peer} to the request hashed as {@code requestHash}, asking {@code asked}, may be used. */
    public String check(
            String peer, byte[] requestHash, List<CanonicalValue> asked, Received<PeerLookupResponse> answer) {
        String invalid = rules.check(peer, asked, answer.message());
        if (invalid != null) {
            return invalid;
        }
        return signatures.check(trust.get(), peer, requestHash, answer.message(), answer.bytes());
    }
}
