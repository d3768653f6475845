package org.jaring.core.oprf;

/**
 * A refused OPRF input or a failed proof. The message names what was wrong (which element by index, which field) and
 * what to do; it never holds a secret scalar, an input or an unblinded value.
 */
public final class OprfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OprfException(String message) {
        super(message);
    }

    public OprfException(String message, Throwable cause) {
        super(message, cause);
    }
}
