package org.jaring.cli.output;

import org.jaring.cli.UserError;
import org.jaring.core.vocab.Labels;
import picocli.CommandLine.Option;

/**
 * --lang for a command that prints code lists as text: their labels in one of the region's languages, from the same
 * files as the console (org.jaring.core.vocab.Labels). Without it (and without JARING_LANG) the text shows the codes
 * themselves, as before, so existing scripts that read the text keep working; --json always shows codes.
 */
public final class LanguageOption {
    /** The environment variable that gives every command a language, for a user who always wants the same one. */
    public static final String ENV = "JARING_LANG";

    @Option(
            names = "--lang",
            paramLabel = "LANG",
            description = "Print offences, TLP, request types and states and legal bases as labels in LANG: en, th,"
                    + " ms, id, vi or fil (labels other than English are machine-drafted; docs/console.md). Default:"
                    + " the JARING_LANG environment variable, else the codes themselves (CC.FRAUD, delivered)."
                    + " --json always prints codes.")
    String lang;

    /** The names to print with: labels in the chosen language, or the codes when none was chosen. */
    public CodeNames names() {
        return names(lang, System.getenv(ENV));
    }

    /** Package-private for tests: the option wins over the environment; an unknown language is refused. */
    static CodeNames names(String option, String env) {
        String chosen = option != null ? option : env;
        if (chosen == null || chosen.isBlank()) {
            return CodeNames.CODES;
        }
        try {
            return CodeNames.in(Labels.of(chosen));
        } catch (IllegalArgumentException e) {
            throw new UserError((option != null ? "--lang: " : ENV + ": ") + e.getMessage());
        }
    }
}
