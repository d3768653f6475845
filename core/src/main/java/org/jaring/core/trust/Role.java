package org.jaring.core.trust;

/** What a certificate is for; the word is the second element of its {@code urn:jaring:} SAN URI. */
public enum Role {
    /** A node (own or peer) authenticating with its node certificate: {@code urn:jaring:node:<ID>}. */
    PEER_NODE("node"),
    /** A national analyst: {@code urn:jaring:analyst:<ID>:<user>}. */
    ANALYST("analyst"),
    /** A node administrator: {@code urn:jaring:admin:<ID>:<user>}. */
    ADMIN("admin");

    private final String uriWord;

    Role(String uriWord) {
        this.uriWord = uriWord;
    }

    public String uriWord() {
        return uriWord;
    }

    static Role fromUriWord(String word) {
        for (Role r : values()) {
            if (r.uriWord.equals(word)) {
                return r;
            }
        }
        return null;
    }
}
