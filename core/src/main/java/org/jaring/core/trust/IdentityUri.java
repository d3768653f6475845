package org.jaring.core.trust;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The identity a certificate claims, carried as exactly one {@code urn:jaring:} SAN URI. Parsing is strict and
 * fails closed: the URI is the only thing that decides which anchor is used, so ambiguity is never resolved by
 * guessing.
 */
public record IdentityUri(Role role, NodeId nodeId, String principal) {

    public static final String PREFIX = "urn:jaring:";
    private static final int SAN_URI = 6;
    /** User names: conservative ASCII so they are safe in logs, URIs and file names. */
    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public IdentityUri {
        if (role == null || nodeId == null) {
            throw new IllegalArgumentException("role and node ID are required");
        }
        if (role == Role.PEER_NODE) {
            if (principal != null) {
                throw new IllegalArgumentException("a node identity has no principal");
            }
        } else if (principal == null || !PRINCIPAL.matcher(principal).matches()) {
            throw new IllegalArgumentException(
                    "invalid user name '" + (principal == null ? "" : NodeId.printable(principal))
                            + "': expected 1-64 of [A-Za-z0-9._-], starting with a letter or digit");
        }
    }

    public static IdentityUri node(NodeId id) {
        return new IdentityUri(Role.PEER_NODE, id, null);
    }

    public static IdentityUri analyst(NodeId id, String user) {
        return new IdentityUri(Role.ANALYST, id, user);
    }

    public static IdentityUri admin(NodeId id, String user) {
        return new IdentityUri(Role.ADMIN, id, user);
    }

    public String uri() {
        return PREFIX + role.uriWord() + ":" + nodeId.value() + (principal == null ? "" : ":" + principal);
    }

    /** Parses one URI; IllegalArgumentException says what is wrong. */
    public static IdentityUri parse(String uri) {
        // Case-sensitive on purpose: a second spelling of the same identity is not accepted.
        if (uri == null || !uri.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a urn:jaring: identity");
        }
        String[] parts = uri.substring(PREFIX.length()).split(":", -1);
        Role role = Role.fromUriWord(parts[0]);
        if (role == null) {
            throw new IllegalArgumentException("unknown identity kind '" + NodeId.printable(parts[0]) + "'");
        }
        if (role == Role.PEER_NODE) {
            if (parts.length != 2) {
                throw new IllegalArgumentException("node identity must be urn:jaring:node:<ID>");
            }
            return node(NodeId.of(parts[1]));
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    role.uriWord() + " identity must be urn:jaring:" + role.uriWord() + ":<ID>:<user>");
        }
        return new IdentityUri(role, NodeId.of(parts[1]), parts[2]);
    }

    /** All SAN URIs starting with urn:jaring: (compared case-insensitively so a look-alike cannot hide). */
    static List<String> jaringSanUris(X509Certificate cert) throws CertificateParsingException {
        List<String> out = new ArrayList<>();
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans == null) {
            return out;
        }
        for (List<?> san : sans) {
            if (san.size() >= 2
                    && Integer.valueOf(SAN_URI).equals(san.get(0))
                    && san.get(1) instanceof String s
                    && s.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The single identity of a certificate; IllegalArgumentException when there is none, several, or a bad one. */
    public static IdentityUri of(X509Certificate cert) {
        List<String> uris;
        try {
            uris = jaringSanUris(cert);
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subject alternative names");
        }
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("no urn:jaring: SAN URI");
        }
        if (uris.size() > 1) {
            throw new IllegalArgumentException(uris.size() + " urn:jaring: SAN URIs, exactly one is allowed");
        }
        return parse(uris.get(0));
    }

    @Override
    public String toString() {
        return uri();
    }
}
