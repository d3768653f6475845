package org.jaring.core.trust;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a presented certificate chain is a Jaring identity we accept. Fails closed, in a fixed order:
 * leaf present; exactly one identity URI; role allowed; anchor chosen by the CLAIMED node ID (so a certificate
 * from a trusted CA claiming another node's ID is validated against the wrong anchor and fails); leaf is an end
 * entity; PKIX path validation at the clock's now; not revoked; extended key usage.
 *
 * <p>Only the leaf is taken from the chain: national CAs have pathLen 0, so there are no intermediates, and
 * anything else the peer sends is ignored rather than trusted.
 */
public final class TrustVerifier {

    private static final String EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** The result of one evaluation; exactly one of identity (accepted) or a refusal reason. */
    public record Outcome(
            TrustReason reason,
            String detail,
            PeerIdentity identity,
            String claimedIdentity,
            String fingerprint,
            Instant recheckAt) {
        public boolean accepted() {
            return reason == TrustReason.ACCEPTED;
        }

        public TrustException toException() {
            return new TrustException(reason, detail);
        }
    }

    private enum Mode {
        NORMAL,
        PEER_SERVER,
        OWN_NODE_SERVER
    }

    private final TrustStore store;
    private final Clock clock;
    private final TrustDecisionListener listener;

    public TrustVerifier(TrustStore store, Clock clock, TrustDecisionListener listener) {
        this.store = store;
        this.clock = clock;
        this.listener = listener == null ? TrustDecisionListener.NONE : listener;
    }

    public TrustStore store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    public PeerIdentity verify(X509Certificate[] chain, Set<Role> allowedRoles) throws CertificateException {
        return verify(chain, allowedRoles, "direct");
    }

    public PeerIdentity verify(X509Certificate[] chain, Set<Role> allowedRoles, String listenerName)
            throws CertificateException {
        Outcome o = evaluate(store.snapshot(), chain, allowedRoles, listenerName, TrustDecision.Stage.HANDSHAKE);
        if (!o.accepted()) {
            throw o.toException();
        }
        return o.identity();
    }

    /**
     * A peer server we called must be exactly {@code expected}: checked before the anchor lookup, so another
     * trusted peer answering at that address is refused (WRONG_NODE) and the refusal is reported like any other.
     */
    public PeerIdentity verifyPeerServer(X509Certificate[] chain, NodeId expected, String listenerName)
            throws CertificateException {
        Outcome o = evaluate(
                store.snapshot(),
                chain,
                EnumSet.of(Role.PEER_NODE),
                listenerName,
                TrustDecision.Stage.HANDSHAKE,
                Mode.PEER_SERVER,
                expected);
        if (!o.accepted()) {
            throw o.toException();
        }
        return o.identity();
    }

    /** A server we reach as analyst/admin must be our own node: node certificate, our ID, our CA. */
    public PeerIdentity verifyOwnNodeServer(X509Certificate[] chain, String listenerName) throws CertificateException {
        Outcome o = evaluate(
                store.snapshot(),
                chain,
                EnumSet.of(Role.PEER_NODE),
                listenerName,
                TrustDecision.Stage.HANDSHAKE,
                Mode.OWN_NODE_SERVER,
                null);
        if (!o.accepted()) {
            throw o.toException();
        }
        return o.identity();
    }

    /** Evaluates against a given snapshot and reports the decision; never throws for a bad certificate. */
    public Outcome evaluate(
            TrustSnapshot snapshot,
            X509Certificate[] chain,
            Set<Role> allowedRoles,
            String listenerName,
            TrustDecision.Stage stage) {
        return evaluate(snapshot, chain, allowedRoles, listenerName, stage, Mode.NORMAL, null);
    }

    /**
     * The certificate that signed a message of peer {@code expected} (a lookup answer, a feed batch, a sighting
     * report or acknowledgement, a request transition), received now: {@link #evaluateSigner(SignedKind,
     * X509Certificate, NodeId, X509Certificate, Revocations, Instant)} with the peer's pinned anchor and the
     * snapshot's revocation lists and blocked certificates. A node that is not a trusted peer (or this node itself:
     * its own messages do not come from a peer) has no anchor here, and that is a refusal. Not reported to the
     * listener: it is no connection, and the caller records the message's refusal with the message.
     */
    public static Outcome evaluateSigner(
            TrustSnapshot snapshot, SignedKind kind, X509Certificate certificate, NodeId expected, Instant now) {
        X509Certificate anchor = expected == null || expected.equals(snapshot.ownNodeId())
                ? null
                : snapshot.peer(expected).map(TrustedPeer::anchor).orElse(null);
        return evaluateSigner(kind, certificate, expected, anchor, snapshot::isRevoked, now);
    }

    /**
     * The one rule for the certificate that signed an object of {@code kind}, the same rules a connection is
     * checked by, in the same order: a certificate is present; exactly one identity URI; its role is the one that
     * signs this kind ({@link SignedKind#signer()}: the node certificate for every kind today, so an analyst or
     * admin certificate of the same state is refused); it names {@code expected}; an {@code anchor} is given (a
     * missing anchor is a refusal, never a skipped check); end entity (basicConstraints not a CA); the anchor and
     * a PKIX path to that one anchor valid at {@code signedAt}; not revoked; the extended key usages of a node
     * certificate; and key usage digitalSignature, which is what a signature needs. Never throws for a bad
     * certificate.
     *
     * @param signedAt when the object was signed: the time of receipt for a message checked as it arrives, the
     *     recorded time for one checked later (an audit checkpoint)
     */
    public static Outcome evaluateSigner(
            SignedKind kind,
            X509Certificate certificate,
            NodeId expected,
            X509Certificate anchor,
            Revocations revocations,
            Instant signedAt) {
        // A caller bug, not a bad certificate: fail loudly rather than as a refusal that hides it.
        Objects.requireNonNull(revocations, "revocations (Revocations.NONE_KNOWN to say there is no list)");
        try {
            return decideSigner(kind, certificate, expected, anchor, revocations, signedAt);
        } catch (RuntimeException e) {
            return refuse(
                    TrustReason.BAD_CHAIN,
                    "unexpected error: " + e.getClass().getSimpleName(),
                    null,
                    certificate == null ? null : safeFingerprint(certificate),
                    signedAt);
        }
    }

    private static Outcome decideSigner(
            SignedKind kind,
            X509Certificate leaf,
            NodeId expected,
            X509Certificate anchor,
            Revocations revocations,
            Instant at) {
        if (leaf == null) {
            return refuse(TrustReason.NO_CERTIFICATE, "no signer certificate", null, null, at);
        }
        String fp = Fingerprints.sha256(leaf);
        IdentityUri id;
        try {
            id = IdentityUri.of(leaf);
        } catch (IllegalArgumentException e) {
            return refuse(TrustReason.BAD_IDENTITY, e.getMessage(), null, fp, at);
        }
        String claimed = id.uri();
        if (id.role() != kind.signer()) {
            return refuse(
                    TrustReason.ROLE_NOT_ALLOWED,
                    id.role() + " is not allowed here: " + kind.description() + " must be signed by a "
                            + kind.signer().uriWord() + " certificate",
                    claimed,
                    fp,
                    at);
        }
        if (expected == null || !id.nodeId().equals(expected)) {
            return refuse(
                    TrustReason.WRONG_NODE, "signer is " + id.nodeId() + ", expected " + expected, claimed, fp, at);
        }
        if (anchor == null) {
            return refuse(TrustReason.UNKNOWN_PEER, "no trusted anchor for node " + expected, claimed, fp, at);
        }
        Outcome refused = checkIssued(leaf, id, anchor, at, claimed, fp, revocations);
        if (refused != null) {
            return refused;
        }
        boolean[] usage = leaf.getKeyUsage();
        if (usage == null || usage.length == 0 || !usage[0]) {
            return refuse(
                    TrustReason.BAD_KEY_USAGE, "a signing certificate must allow digitalSignature", claimed, fp, at);
        }
        PeerIdentity identity = new PeerIdentity(id.nodeId(), id.role(), id.principal(), fp, leaf.getSerialNumber());
        return new Outcome(
                TrustReason.ACCEPTED,
                "accepted",
                identity,
                claimed,
                fp,
                leaf.getNotAfter().toInstant());
    }

    private Outcome evaluate(
            TrustSnapshot snapshot,
            X509Certificate[] chain,
            Set<Role> allowedRoles,
            String listenerName,
            TrustDecision.Stage stage,
            Mode mode,
            NodeId expected) {
        Instant now = clock.instant();
        Outcome o;
        try {
            o = decide(snapshot, chain, allowedRoles == null ? Set.of() : allowedRoles, mode, expected, now);
        } catch (RuntimeException e) {
            // Fail closed on anything unexpected in certificate parsing.
            o = refuse(
                    TrustReason.BAD_CHAIN,
                    "unexpected error: " + e.getClass().getSimpleName(),
                    null,
                    chain != null && chain.length > 0 && chain[0] != null ? safeFingerprint(chain[0]) : null,
                    now);
        }
        listener.onDecision(new TrustDecision(
                now, listenerName, stage, o.reason(), o.detail(), o.claimedIdentity(), o.fingerprint(), o.identity()));
        return o;
    }

    private static Outcome decide(
            TrustSnapshot s, X509Certificate[] chain, Set<Role> allowed, Mode mode, NodeId expected, Instant now) {
        // 1. leaf present
        if (chain == null || chain.length == 0 || chain[0] == null) {
            return refuse(TrustReason.NO_CERTIFICATE, "no certificate presented", null, null, now);
        }
        X509Certificate leaf = chain[0];
        String fp = Fingerprints.sha256(leaf);

        // 2. exactly one urn:jaring: SAN URI
        IdentityUri id;
        try {
            id = IdentityUri.of(leaf);
        } catch (IllegalArgumentException e) {
            return refuse(TrustReason.BAD_IDENTITY, e.getMessage(), null, fp, now);
        }
        String claimed = id.uri();

        // 3. role served by this listener
        if (!allowed.contains(id.role())) {
            return refuse(TrustReason.ROLE_NOT_ALLOWED, id.role() + " is not allowed here", claimed, fp, now);
        }

        // 4. anchor, looked up by the claimed node ID
        X509Certificate anchor;
        NodeId own = s.ownNodeId();
        if (id.role() == Role.PEER_NODE) {
            if (mode == Mode.OWN_NODE_SERVER) {
                if (!id.nodeId().equals(own)) {
                    return refuse(
                            TrustReason.WRONG_NODE,
                            "server is " + id.nodeId() + ", expected own node " + own,
                            claimed,
                            fp,
                            now);
                }
                anchor = s.ownCa();
            } else if (mode == Mode.PEER_SERVER && !id.nodeId().equals(expected)) {
                return refuse(
                        TrustReason.WRONG_NODE,
                        "server is " + id.nodeId() + ", expected " + expected,
                        claimed,
                        fp,
                        now);
            } else if (id.nodeId().equals(own)) {
                // Our own node certificate is not a peer; accepting it here would let a stolen node key pose as one.
                return refuse(TrustReason.UNKNOWN_PEER, "own node ID is not a peer", claimed, fp, now);
            } else {
                TrustedPeer p = s.peers().get(id.nodeId());
                if (p == null) {
                    return refuse(
                            TrustReason.UNKNOWN_PEER, "no trusted anchor for node " + id.nodeId(), claimed, fp, now);
                }
                anchor = p.anchor();
            }
        } else {
            if (!id.nodeId().equals(own)) {
                return refuse(
                        TrustReason.WRONG_NODE,
                        id.role() + " certificates are only accepted from own node " + own + ", not " + id.nodeId(),
                        claimed,
                        fp,
                        now);
            }
            anchor = s.ownCa();
        }

        Outcome refused = checkIssued(leaf, id, anchor, now, claimed, fp, s::isRevoked);
        if (refused != null) {
            return refused;
        }

        PeerIdentity identity = new PeerIdentity(id.nodeId(), id.role(), id.principal(), fp, leaf.getSerialNumber());
        Instant until = leaf.getNotAfter().toInstant();
        return new Outcome(TrustReason.ACCEPTED, "accepted", identity, claimed, fp, until);
    }

    /** Who revoked what: the snapshot's lists (and blocked certificates), or an explicit list for offline checks. */
    @FunctionalInterface
    public interface Revocations {
        /** No certificate is known to be revoked: only for a check that states it has no list (an offline package). */
        Revocations NONE_KNOWN = (issuer, serial, fingerprint) -> false;

        boolean isRevoked(NodeId issuer, BigInteger serial, String fingerprint);
    }

    /**
     * Steps 5 to 8, shared by connections and signed objects: end entity, the anchor valid at {@code now}, a PKIX
     * path from the leaf to that one anchor valid at {@code now}, not revoked, extended key usage for the role.
     * Null when all hold.
     */
    private static Outcome checkIssued(
            X509Certificate leaf,
            IdentityUri id,
            X509Certificate anchor,
            Instant now,
            String claimed,
            String fp,
            Revocations revocations) {
        // 5. end entity only
        if (leaf.getBasicConstraints() >= 0) {
            return refuse(TrustReason.NOT_END_ENTITY, "leaf is a CA certificate", claimed, fp, now);
        }

        // 6. PKIX path validation against that single anchor, at the clock's now
        try {
            anchor.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            return refuse(TrustReason.EXPIRED, "anchor CA of " + id.nodeId() + " has expired", claimed, fp, now);
        } catch (CertificateNotYetValidException e) {
            return refuse(
                    TrustReason.NOT_YET_VALID, "anchor CA of " + id.nodeId() + " is not yet valid", claimed, fp, now);
        }
        Outcome pathFailure = validatePath(leaf, anchor, now, claimed, fp);
        if (pathFailure != null) {
            return pathFailure;
        }

        // 7. revocation, by the issuing node's list
        if (revocations.isRevoked(id.nodeId(), leaf.getSerialNumber(), fp)) {
            return refuse(
                    TrustReason.REVOKED,
                    "certificate " + leaf.getSerialNumber().toString(16) + " is revoked",
                    claimed,
                    fp,
                    now);
        }

        // 8. extended key usage
        List<String> eku;
        try {
            eku = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return refuse(TrustReason.BAD_KEY_USAGE, "unreadable extended key usage", claimed, fp, now);
        }
        boolean client = eku != null && eku.contains(EKU_CLIENT_AUTH);
        boolean server = eku != null && eku.contains(EKU_SERVER_AUTH);
        if (id.role() == Role.PEER_NODE ? !(client && server) : !client) {
            return refuse(
                    TrustReason.BAD_KEY_USAGE,
                    id.role() == Role.PEER_NODE
                            ? "node certificate must allow serverAuth and clientAuth"
                            : "client certificate must allow clientAuth",
                    claimed,
                    fp,
                    now);
        }
        return null;
    }

    private static Outcome validatePath(
            X509Certificate leaf, X509Certificate anchor, Instant now, String claimed, String fp) {
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            // Revocation is ours (signed lists per node), not CRL/OCSP endpoints we do not run.
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(path, params);
            return null;
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getCause() instanceof CertificateExpiredException) {
                return refuse(
                        TrustReason.EXPIRED,
                        "certificate expired " + leaf.getNotAfter().toInstant(),
                        claimed,
                        fp,
                        now);
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID
                    || e.getCause() instanceof CertificateNotYetValidException) {
                return refuse(
                        TrustReason.NOT_YET_VALID,
                        "certificate not valid before " + leaf.getNotBefore().toInstant(),
                        claimed,
                        fp,
                        now);
            }
            return refuse(
                    TrustReason.BAD_CHAIN,
                    "does not chain to the anchor of the claimed node (" + e.getReason() + ")",
                    claimed,
                    fp,
                    now);
        } catch (GeneralSecurityException e) {
            return refuse(
                    TrustReason.BAD_CHAIN,
                    "path validation failed: " + e.getClass().getSimpleName(),
                    claimed,
                    fp,
                    now);
        }
    }

    /** Refusals are re-evaluated after a minute at most (e.g. a not-yet-valid certificate becoming valid). */
    private static Outcome refuse(TrustReason r, String detail, String claimed, String fp, Instant now) {
        return new Outcome(r, detail, null, claimed, fp, now.plusSeconds(60));
    }

    private static String safeFingerprint(X509Certificate c) {
        try {
            return Fingerprints.sha256(c);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
