package org.jaring.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * A command line that does not parse: the error, a suggestion for a mistyped option or command, the command's usage
 * line and where the full help is; never the whole help page (50 lines that push the error off the screen).
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println(usageLine(cmd.getCommandSpec()));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for every option.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** "Usage: jaring lookup [OPTIONS] [VALUE...]": one line, where picocli's synopsis lists every option. */
    static String usageLine(CommandLine.Model.CommandSpec spec) {
        StringBuilder line = new StringBuilder("Usage: ").append(spec.qualifiedName());
        if (!spec.subcommands().isEmpty()) {
            line.append(" COMMAND");
        }
        line.append(" [OPTIONS]");
        for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
            boolean optional = p.arity().min() == 0;
            boolean many = p.arity().max() > 1;
            String label = p.paramLabel() + (many ? "..." : "");
            line.append(' ').append(optional ? "[" + label + "]" : label);
        }
        return line.toString();
    }
}
