package org.jaring.core.failure;

import java.util.ArrayList;
import java.util.List;

/** Collects every refused field of a request so the client learns all problems in one answer. */
public final class Violations {
    private final List<FieldViolation> list = new ArrayList<>();

    public Violations add(String field, String problem) {
        list.add(new FieldViolation(field, problem));
        return this;
    }

    public Violations addAll(Violations other) {
        list.addAll(other.list);
        return this;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new InvalidInputException(list);
        }
    }
}
