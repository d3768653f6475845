package org.jaring.core.trust;

import java.nio.charset.StandardCharsets;

/**
 * Every kind of object a node signs, with the domain string its signature starts with (so a signature made for
 * one kind is never valid for another) and the role whose certificate may sign it. The rule that checks the
 * signer is {@link TrustVerifier#evaluateSigner}; what each signature covers is in docs/protocol.md, "Signed
 * objects".
 */
public enum SignedKind {
    LOOKUP_ANSWER("jaring-peer-response-v1", "a lookup answer"),
    FEED_BATCH("jaring-feed-batch-v1", "a feed batch"),
    SIGHTING_REPORT("jaring-sightings-v1", "a sighting report"),
    SIGHTING_ACK("jaring-sightings-ack-v1", "a sighting acknowledgement"),
    REQUEST_TRANSITION("jaring-transition-v1", "a request transition"),
    AUDIT_CHECKPOINT("jaring-audit-checkpoint-v1", "an audit checkpoint"),
    BLIND_EVALUATION("jaring-blind-evaluation-v1", "a blind evaluation");

    private final String tag;
    private final String description;

    SignedKind(String tag, String description) {
        this.tag = tag;
        this.description = description;
    }

    /** The role that signs this kind: the node certificate, for every kind (a node vouches, not its officers). */
    public Role signer() {
        return Role.PEER_NODE;
    }

    /** The domain string: the ASCII tag followed by one NUL byte, the first bytes every signature covers. */
    public byte[] domain() {
        return (tag + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    public String description() {
        return description;
    }
}
