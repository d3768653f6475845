package org.jaring.cli.support;

import java.io.Console;
import java.util.Arrays;
import org.jaring.cli.UserError;

/**
 * Passphrases come from a named environment variable (so they never appear in the process list or shell
 * history) or, when a person is at a terminal, from a prompt that does not echo.
 */
public final class Secrets {
    private Secrets() {}

    /** The value of {@code variable}, named by {@code option}; a missing or empty variable is a usage error. */
    public static char[] fromEnv(String option, String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isEmpty()) {
            throw new UserError(option + " names the environment variable " + variable
                    + ", which is not set or empty; export it first, e.g. read -s " + variable + "; export "
                    + variable);
        }
        return value.toCharArray();
    }

    /** Asks without echo; null when there is no terminal to ask on. */
    public static char[] prompt(String question) {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        char[] answer = console.readPassword("%s", question);
        return answer == null ? new char[0] : answer;
    }

    /** Asks twice and insists on the same answer: a mistyped new passphrase would lock the key away for good. */
    public static char[] promptNew(String question) {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            char[] first = console.readPassword("%s", question);
            char[] second = console.readPassword("%s", "Again, to confirm: ");
            if (first != null && Arrays.equals(first, second)) {
                return first;
            }
            console.printf("The two entries differ; try again.%n");
        }
        throw new UserError("the passphrase was not confirmed; run the command again");
    }
}
