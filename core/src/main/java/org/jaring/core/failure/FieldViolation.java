package org.jaring.core.failure;

/**
 * One refused field: {@code field} is a path into the request as the client wrote it
 * (for example {@code indicators[3].value}), {@code problem} says what is wrong in words a user can act on.
 */
public record FieldViolation(String field, String problem) {
    @Override
    public String toString() {
        return field + ": " + problem;
    }
}
