package org.jaring.core.config;

import java.util.List;

/** The configuration cannot be used. Lists every problem at once, each naming its field and the fix. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super("configuration " + source + " is not usable:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
