package org.jaring.core.trust;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's trust decisions' single source of truth. Reads are lock-free ({@link #snapshot()}); changes are
 * serialised, written to disk atomically and only then made visible, so what the node enforces is always what
 * survives a restart. Listeners are told after each change.
 */
public final class TrustStore {

    private static final Logger LOG = Logger.getLogger(TrustStore.class.getName());
    private static final Pattern NODE_ID_IN_TEXT =
            Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}-[A-Z0-9]{1,16}(?![A-Za-z0-9])");

    private final TrustStoreFile file;
    private final Clock clock;
    private final AtomicReference<TrustSnapshot> current;
    private final Object writeLock = new Object();
    private final List<Consumer<TrustSnapshot>> listeners = new CopyOnWriteArrayList<>();

    private TrustStore(TrustStoreFile file, TrustSnapshot initial, Clock clock) {
        this.file = file;
        this.clock = clock;
        this.current = new AtomicReference<>(initial);
    }

    /** Creates a new trust store in {@code folder} for this node; refuses to overwrite an existing one. */
    public static TrustStore create(Path folder, NodeId own, X509Certificate ownCa, Clock clock) throws IOException {
        TrustStoreFile f = new TrustStoreFile(folder);
        if (f.exists()) {
            throw new IOException("trust store already exists: " + f.path());
        }
        checkAnchorNames(ownCa, own);
        TrustSnapshot s = new TrustSnapshot(1, own, ownCa, Map.of(), RevocationList.empty(own), Map.of());
        f.write(s);
        return new TrustStore(f, s, clock);
    }

    /** Opens an existing trust store; a missing or damaged file is an error, never an empty store. */
    public static TrustStore open(Path folder, Clock clock) throws IOException {
        TrustStoreFile f = new TrustStoreFile(folder);
        return new TrustStore(f, f.read(), clock);
    }

    public TrustSnapshot snapshot() {
        return current.get();
    }

    public Path path() {
        return file.path();
    }

    public void addListener(Consumer<TrustSnapshot> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<TrustSnapshot> l) {
        listeners.remove(l);
    }

    /**
     * Pins a peer's CA. {@code confirmedFingerprint} is what the admin compared with the peer's admin out of band;
     * the anchor is refused unless it hashes to exactly that, is a CA certificate, and names this node ID.
     */
    public TrustedPeer addPeer(
            NodeId id, X509Certificate anchor, String confirmedFingerprint, String endpoint, Set<String> groups)
            throws IOException {
        String actual = Fingerprints.sha256(anchor);
        String confirmed;
        try {
            confirmed = Fingerprints.normalize(confirmedFingerprint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("refusing peer " + id + ": " + e.getMessage());
        }
        if (!Fingerprints.matches(confirmed, actual)) {
            throw new IllegalArgumentException(
                    "refusing peer " + id + ": fingerprint mismatch: confirmed " + Fingerprints.display(confirmed)
                            + " but the anchor certificate is " + Fingerprints.display(actual));
        }
        try {
            checkAnchorNames(anchor, id);
            anchor.checkValidity(Date.from(clock.instant()));
        } catch (java.security.cert.CertificateExpiredException e) {
            // The JDK's text ("NotAfter: Fri Jan 31 ...") says neither what is wrong nor what to do.
            throw new IllegalArgumentException("refusing peer " + id + ": its CA certificate expired on "
                    + anchor.getNotAfter().toInstant() + "; ask its admin for a fresh 'jaring trust export'");
        } catch (java.security.cert.CertificateNotYetValidException e) {
            throw new IllegalArgumentException("refusing peer " + id + ": its CA certificate is valid only from "
                    + anchor.getNotBefore().toInstant() + "; check this machine's clock, or ask its admin why");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("refusing peer " + id + ": " + e.getMessage());
        }
        TrustedPeer peer = new TrustedPeer(id, anchor, actual, endpoint, groups);
        synchronized (writeLock) {
            TrustSnapshot s = current.get();
            if (id.equals(s.ownNodeId())) {
                throw new IllegalArgumentException("refusing peer " + id + ": that is this node's own ID");
            }
            if (s.peers().containsKey(id)) {
                // Replacing an anchor silently would be a trust change nobody confirmed; make it two explicit steps.
                throw new IllegalArgumentException(
                        "peer " + id + " is already trusted; remove it first to replace its anchor");
            }
            Map<NodeId, TrustedPeer> peers = new HashMap<>(s.peers());
            peers.put(id, peer);
            commit(s.next(peers, s.ownRevocations(), s.peerRevocations()));
        }
        return peer;
    }

    /** Removes a peer and its revocation list; its connections are refused from the next call on. */
    public boolean removePeer(NodeId id) throws IOException {
        synchronized (writeLock) {
            TrustSnapshot s = current.get();
            if (!s.peers().containsKey(id)) {
                return false;
            }
            Map<NodeId, TrustedPeer> peers = new HashMap<>(s.peers());
            peers.remove(id);
            Map<NodeId, SignedRevocationList> lists = new HashMap<>(s.peerRevocations());
            lists.remove(id);
            commit(s.next(peers, s.ownRevocations(), lists));
            return true;
        }
    }

    /** Revokes a certificate issued by our own CA (checked by signature); effective on open connections too. */
    public RevocationList.Entry revokeOwn(X509Certificate cert, String reason) throws IOException {
        try {
            cert.verify(snapshot().ownCa().getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "certificate " + cert.getSerialNumber().toString(16) + " was not issued by this node's CA");
        }
        return revokeOwn(cert.getSerialNumber(), Fingerprints.sha256(cert), reason);
    }

    public RevocationList.Entry revokeOwn(BigInteger serial, String fingerprint, String reason) throws IOException {
        RevocationList.Entry e = new RevocationList.Entry(serial.toString(16), fingerprint, clock.instant(), reason);
        synchronized (writeLock) {
            TrustSnapshot s = current.get();
            RevocationList own = s.ownRevocations();
            if (own.isRevoked(serial, e.fingerprint())) {
                return e;
            }
            // The sequence only grows, so peers can refuse an older list replayed at them.
            Instant now = clock.instant();
            RevocationList next = own.with(e, own.sequence() + 1, now);
            commit(s.next(s.peers(), next, s.peerRevocations()));
        }
        return e;
    }

    /** Our current revocation list, signed for distribution to peers. */
    public SignedRevocationList signOwnRevocations(PrivateKey caKey) {
        return snapshot().ownRevocations().sign(caKey);
    }

    /**
     * Installs a peer's revocation list after verifying it against that peer's pinned anchor. Refuses lists for
     * unknown peers, with a bad signature, naming another issuer, or not newer than the installed one (replay).
     */
    public RevocationList installRevocationList(NodeId peer, byte[] encoded, byte[] signature)
            throws IOException, RevocationListException {
        synchronized (writeLock) {
            TrustSnapshot s = current.get();
            TrustedPeer p = s.peers().get(peer);
            if (p == null) {
                throw new RevocationListException(
                        RevocationListException.Reason.UNKNOWN_PEER, "no trusted peer " + peer);
            }
            RevocationList list = RevocationList.verify(encoded, signature, p.anchor());
            if (!list.issuer().equals(peer)) {
                throw new RevocationListException(
                        RevocationListException.Reason.WRONG_ISSUER,
                        "list from " + list.issuer() + " offered as the list of " + peer);
            }
            SignedRevocationList installed = s.peerRevocations().get(peer);
            if (installed != null && list.sequence() <= installed.list().sequence()) {
                throw new RevocationListException(
                        RevocationListException.Reason.STALE_SEQUENCE,
                        "revocation list of " + peer + " has sequence " + list.sequence()
                                + ", not newer than installed "
                                + installed.list().sequence());
            }
            Map<NodeId, SignedRevocationList> lists = new HashMap<>(s.peerRevocations());
            lists.put(peer, new SignedRevocationList(list, encoded, signature));
            commit(s.next(s.peers(), s.ownRevocations(), lists));
            return list;
        }
    }

    /**
     * Installs this node's own revocation list, signed by its national CA outside the node (by the CLI). It
     * replaces the list the node enforces and serves to peers, so it must verify against the node's own CA and
     * be newer than the current one.
     */
    public RevocationList installOwnRevocationList(byte[] encoded, byte[] signature)
            throws IOException, RevocationListException {
        synchronized (writeLock) {
            TrustSnapshot s = current.get();
            RevocationList list = RevocationList.verify(encoded, signature, s.ownCa());
            if (!list.issuer().equals(s.ownNodeId())) {
                throw new RevocationListException(
                        RevocationListException.Reason.WRONG_ISSUER,
                        "list from " + list.issuer() + " offered as this node's own list");
            }
            if (list.sequence() <= s.ownRevocations().sequence()) {
                throw new RevocationListException(
                        RevocationListException.Reason.STALE_SEQUENCE,
                        "own revocation list has sequence " + list.sequence() + ", not newer than the current "
                                + s.ownRevocations().sequence());
            }
            commit(s.withOwnSigned(new SignedRevocationList(list, encoded, signature)));
            return list;
        }
    }

    /**
     * Blocks one certificate by its SHA-256 fingerprint, whoever issued it: for a peer's certificate that its
     * own CA has not (yet) revoked. Effective on open connections from the next call on.
     */
    public void blockCertificate(String fingerprint) throws IOException {
        String normalized = Fingerprints.normalize(fingerprint);
        synchronized (writeLock) {
            TrustSnapshot s = current.get();
            if (!s.blockedFingerprints().contains(normalized)) {
                commit(s.withBlocked(normalized));
            }
        }
    }

    /** Persist first, then publish: a crash can lose the change but never enforce something not on disk. */
    private void commit(TrustSnapshot next) throws IOException {
        file.write(next);
        current.set(next);
        for (Consumer<TrustSnapshot> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "trust store listener failed: " + e);
            }
        }
    }

    /**
     * An anchor must be a CA certificate (CA:true, keyCertSign), self-signed, carry exactly the SAN URI
     * {@code urn:jaring:node:<ID>} of the given node, and its subject must not name any other node ID.
     */
    static void checkAnchorNames(X509Certificate anchor, NodeId id) {
        if (anchor.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("anchor is not a CA certificate (basicConstraints CA:false)");
        }
        boolean[] ku = anchor.getKeyUsage();
        if (ku == null || ku.length < 6 || !ku[5]) {
            throw new IllegalArgumentException("anchor CA certificate lacks keyUsage keyCertSign");
        }
        try {
            anchor.verify(anchor.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("anchor is not a self-signed CA certificate");
        }
        IdentityUri uri;
        try {
            uri = IdentityUri.of(anchor);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("anchor does not name its node: " + e.getMessage());
        }
        if (uri.role() != Role.PEER_NODE || !uri.nodeId().equals(id)) {
            throw new IllegalArgumentException("anchor names " + uri.uri() + ", not node " + id);
        }
        Matcher m = NODE_ID_IN_TEXT.matcher(anchor.getSubjectX500Principal().getName());
        while (m.find()) {
            if (!m.group().equals(id.value())) {
                throw new IllegalArgumentException("anchor subject names node " + m.group() + ", not " + id);
            }
        }
    }
}
