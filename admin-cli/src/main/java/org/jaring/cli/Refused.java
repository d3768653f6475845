package org.jaring.cli;

/**
 * The command understood the request and declined it on purpose (a fingerprint that does not match, a file it
 * will not overwrite): exit code 1, and the message says why and what to do instead.
 */
public final class Refused extends RuntimeException {
    public Refused(String message) {
        super(message);
    }
}
