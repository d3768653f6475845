package org.jaring.cli.request;

import java.util.concurrent.Callable;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.output.CodeNames;
import org.jaring.cli.output.JsonOutput;
import org.jaring.cli.output.LanguageOption;
import org.jaring.v1.ListRequestsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring request list}. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        header = "List cooperation requests sent and received, newest first.",
        description = "One line per request: its ID, whether you sent or received it, the peer, the type, the state,"
                + " the deadline and whether it is overdue.")
public final class RequestListCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--limit",
            defaultValue = "100",
            paramLabel = "N",
            description = "At most N requests. Default: 100.")
    int limit;

    @Mixin
    JsonOutput output;

    @Mixin
    LanguageOption language;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CodeNames names = language.names();
        var list = RequestCli.call(
                connection,
                s -> s.listRequests(
                        ListRequestsRequest.newBuilder().setLimit(limit).build()));
        if (!output.print(list, spec.commandLine().getOut())) {
            RequestCli.table(spec.commandLine().getOut(), list.getRequestsList(), names);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
