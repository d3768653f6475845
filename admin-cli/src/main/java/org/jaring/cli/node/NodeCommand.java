package org.jaring.cli.node;

import picocli.CommandLine.Command;

/** {@code jaring node}: the node itself (for now, creating one). */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = "Create a node's home: its national CA, keys, trust store and configuration.",
        subcommands = {NodeInitCommand.class})
public final class NodeCommand {}
