package org.jaring.cli.peers;

import picocli.CommandLine.Command;

/** {@code jaring peers}: how the trusted peers are doing, as this node sees them. */
@Command(
        name = "peers",
        mixinStandardHelpOptions = true,
        description = "Show the health of the connections to trusted peers.",
        subcommands = {PeersStatusCommand.class})
public final class PeersCommand {}
