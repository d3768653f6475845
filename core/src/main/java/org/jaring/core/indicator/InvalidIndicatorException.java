package org.jaring.core.indicator;

/**
 * A value that cannot be made canonical. The message is written for the analyst who typed the value and
 * goes on the wire as the INVALID_ARGUMENT description, so it names the problem and never carries a
 * stack trace or a Java class name.
 */
public final class InvalidIndicatorException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidIndicatorException(String reason) {
        // No cause and no stack trace: the reason is the whole story, and refusals are frequent on bulk imports.
        super(reason, null, false, false);
    }
}
