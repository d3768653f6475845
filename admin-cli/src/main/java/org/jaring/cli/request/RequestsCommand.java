package org.jaring.cli.request;

import java.util.concurrent.Callable;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.output.CodeNames;
import org.jaring.cli.output.JsonOutput;
import org.jaring.cli.output.LanguageOption;
import org.jaring.v1.ListRequestsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code jaring requests overdue}. */
@Command(
        name = "requests",
        mixinStandardHelpOptions = true,
        header = "Views over all cooperation requests.",
        description = "Views across every request this node sent or received.",
        subcommands = {RequestsCommand.Overdue.class})
public final class RequestsCommand {
    @Command(
            name = "overdue",
            mixinStandardHelpOptions = true,
            header = "Requests sent or received whose deadline passed without an answer (or that expired).",
            description = "Oldest deadline first. A request you sent expires when its deadline passes; one you"
                    + " received stays overdue until answered, refused or withdrawn.")
    static final class Overdue implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;

        @Mixin
        JsonOutput output;

        @Mixin
        LanguageOption language;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            CodeNames names = language.names();
            var list = RequestCli.call(connection, s -> s.listOverdue(ListRequestsRequest.getDefaultInstance()));
            if (!output.print(list, spec.commandLine().getOut())) {
                RequestCli.table(spec.commandLine().getOut(), list.getRequestsList(), names);
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
