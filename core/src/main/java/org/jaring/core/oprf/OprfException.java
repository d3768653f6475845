package org.jaring.core.oprf;

/** TEMPORARY stand-in until h-oprf lands. Unchecked; names what was wrong, never secret material. */
public final class OprfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OprfException(String message) {
        super(message);
    }
}
