package org.jaring.core.failure;

import java.util.List;
import java.util.stream.Collectors;

/** The request itself is wrong: INVALID_ARGUMENT, with every refused field named. */
public final class InvalidInputException extends JaringException {
    /** How many violations the status message spells out; all of them travel in the status details. */
    private static final int SHOWN_IN_MESSAGE = 5;

    private final List<FieldViolation> violations;

    public InvalidInputException(List<FieldViolation> violations) {
        super(describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public InvalidInputException(String field, String problem) {
        this(List.of(new FieldViolation(field, problem)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    private static String describe(List<FieldViolation> violations) {
        String shown = violations.stream()
                .limit(SHOWN_IN_MESSAGE)
                .map(FieldViolation::toString)
                .collect(Collectors.joining("; "));
        int more = violations.size() - SHOWN_IN_MESSAGE;
        return more > 0 ? shown + "; and " + more + " more" : shown;
    }
}
