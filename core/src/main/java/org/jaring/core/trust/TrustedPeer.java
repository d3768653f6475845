package org.jaring.core.trust;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A peer node we trust: its ID, its pinned CA certificate (anchor), the anchor's fingerprint as confirmed out of
 * band, where to reach it, and the sharing groups it belongs to.
 */
public record TrustedPeer(
        NodeId nodeId, X509Certificate anchor, String fingerprint, String endpoint, Set<String> groups) {

    public TrustedPeer {
        if (nodeId == null || anchor == null || fingerprint == null || endpoint == null) {
            throw new IllegalArgumentException("nodeId, anchor, fingerprint and endpoint are required");
        }
        fingerprint = Fingerprints.normalize(fingerprint);
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0
                || !endpoint.substring(colon + 1).matches("[0-9]{1,5}")
                || Integer.parseInt(endpoint.substring(colon + 1)) > 65535
                || endpoint.matches(".*\\s.*")) {
            throw new IllegalArgumentException("endpoint must be host:port, got '" + NodeId.printable(endpoint) + "'");
        }
        // Sorted so that the persisted form is stable and diffs of the trust file are readable.
        SortedSet<String> g = new TreeSet<>(groups == null ? Set.of() : groups);
        groups = Collections.unmodifiableSortedSet(g);
    }
}
