package org.jaring.core.failure;

/** The node cannot serve right now (store closing, shutting down): UNAVAILABLE, worth retrying later. */
public final class UnavailableException extends JaringException {
    private final boolean forPeers;

    public UnavailableException(String message) {
        this(message, null, false);
    }

    public UnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private UnavailableException(String message, Throwable cause, boolean forPeers) {
        super(message, cause);
        this.forPeers = forPeers;
    }

    /**
     * A refusal whose message a foreign node may read as it is (it names no path, size or store state of this
     * node), so it can say when to ask again; any other is sent to a peer as a bare "cannot answer now".
     */
    public static UnavailableException forPeers(String message) {
        return new UnavailableException(message, null, true);
    }

    /** Whether {@link #getMessage()} may be sent to a foreign node as it is. */
    public boolean forPeers() {
        return forPeers;
    }
}
