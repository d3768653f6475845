package org.jaring.cli.sync;

import picocli.CommandLine.Command;

/** {@code jaring sync}: feed sync with peers. */
@Command(
        name = "sync",
        mixinStandardHelpOptions = true,
        header = "Pull peers' shared items now (feed sync).",
        description = "Feed sync pulls, from every trusted peer, the changes to what that peer shares with this node,"
                + " on the interval set by sync.interval. 'jaring sync now' does it at once.",
        subcommands = {SyncNowCommand.class})
public final class SyncCommand {}
