package org.jaring.cli.sighting;

import picocli.CommandLine.Command;

/** {@code jaring sighting}: report sightings of peers' indicators, and see those of yours. */
@Command(
        name = "sighting",
        mixinStandardHelpOptions = true,
        header = "Report that you saw a peer's indicator (or found it a false positive); list reports of yours.",
        description = "A sighting goes back to the node that holds the indicator, which counts them per reporting"
                + " country. If that node is down, the sighting waits in your node's outbox and is delivered exactly"
                + " once when it is back.",
        subcommands = {SightingReportCommand.class, SightingListCommand.class})
public final class SightingCommand {}
