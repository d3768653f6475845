package org.jaring.cli.bench;

import picocli.CommandLine;

/** Runs {@link BenchCommand} on its own until {@code jaring bench} is registered in the CLI. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        org.jaring.node.Logging.configureForCommandLine();
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
