package org.jaring.cli.request;

import picocli.CommandLine.Command;

/** {@code jaring request}: cooperation requests, the step after a hit. */
@Command(
        name = "request",
        mixinStandardHelpOptions = true,
        header = "Send, answer and follow cooperation requests (preservation, subscriber information, emergency, ...).",
        description = "Each request and every change of its state is signed by the node that made it and kept in"
                + " order on both nodes. Nothing is answered automatically: an officer releases each answer.",
        subcommands = {
            RequestNewCommand.class,
            RequestFromHitCommand.class,
            RequestListCommand.class,
            RequestShowCommand.class,
            RequestStateCommands.Ack.class,
            RequestStateCommands.Progress.class,
            RequestStateCommands.Answer.class,
            RequestStateCommands.Refuse.class,
            RequestStateCommands.Withdraw.class
        })
public final class RequestCommand {}
