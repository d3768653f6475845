package org.jaring.bench;

import org.jaring.cli.UserError;
import org.jaring.node.Logging;
import picocli.CommandLine;

/**
 * {@code jaring-bench}: runs {@link BenchCommand}. The benchmarks, their data generators and JMH live in this module
 * so that neither the node's jar nor the CLI's ships them.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) {
        Logging.configureForCommandLine();
        System.exit(commandLine().execute(args));
    }

    /** The bench command with its error handling: a {@link UserError} is one line and exit code 2. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof UserError) {
                c.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
