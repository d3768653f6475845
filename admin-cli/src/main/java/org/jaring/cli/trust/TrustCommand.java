package org.jaring.cli.trust;

import picocli.CommandLine.Command;

/** {@code jaring trust}: whom this node trusts, and which of its own certificates it no longer does. */
@Command(
        name = "trust",
        mixinStandardHelpOptions = true,
        description = "Exchange trust anchors with peer nodes, list and remove peers, and revoke certificates.",
        subcommands = {
            TrustExportCommand.class,
            TrustAddCommand.class,
            TrustListCommand.class,
            TrustRemoveCommand.class,
            TrustRevokeCommand.class
        })
public final class TrustCommand {}
