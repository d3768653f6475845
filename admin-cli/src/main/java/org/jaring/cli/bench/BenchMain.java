package org.jaring.cli.bench;

import picocli.CommandLine;

/** Runs {@link BenchCommand} on its own until {@code jaring bench} is registered in the CLI. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        org.jaring.node.Logging.configureForCommandLine();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof org.jaring.cli.UserError) {
                c.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}
