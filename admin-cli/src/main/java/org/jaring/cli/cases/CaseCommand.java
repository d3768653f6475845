package org.jaring.cli.cases;

import picocli.CommandLine.Command;

/** {@code jaring case}: a state's own cases on its own node, and how each is shared. */
@Command(
        name = "case",
        mixinStandardHelpOptions = true,
        header = "Create, list, show and change your cases, how they are shared, and their indicators.",
        description = "A case holds indicators. What a peer may learn of an indicator is decided by its handling:"
                + " the indicator's own, else its case's default. TLP:GREEN and CLEAR go to every trusted peer"
                + " unless an audience is named; TLP:AMBER and AMBER+STRICT only to the nodes named with --node or"
                + " to peers your admins placed in a group named with --group ('jaring trust add --group');"
                + " TLP:RED and --local-only never leave your node. A case without a handling is shared with"
                + " no one.",
        subcommands = {
            CaseCreateCommand.class,
            CaseListCommand.class,
            CaseShowCommand.class,
            CaseSetCommand.class,
            CaseAddCommand.class,
            CaseWithdrawCommand.class,
            CaseCloseCommand.class
        })
public final class CaseCommand {}
