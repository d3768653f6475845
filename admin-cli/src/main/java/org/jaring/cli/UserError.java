package org.jaring.cli;

/** The user asked for something that cannot work as written; the message says what to change. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
