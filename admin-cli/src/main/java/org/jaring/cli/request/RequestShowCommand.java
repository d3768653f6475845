package org.jaring.cli.request;

import java.util.concurrent.Callable;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.output.CodeNames;
import org.jaring.cli.output.JsonOutput;
import org.jaring.cli.output.LanguageOption;
import org.jaring.v1.GetRequestRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaring request show ID}. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        header = "Show a request, its signed history (hash of each transition) and any released answer.",
        description =
                "The envelope (legal basis, authorities, offences, facts, data sought, emergency, confidentiality,"
                        + " 24/7 contact), the states this node may move it to next, and every signed transition with the"
                        + " first 16 hex digits of its SHA-256: both nodes show the same list.")
public final class RequestShowCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The request ID.")
    String id;

    @Mixin
    JsonOutput output;

    @Mixin
    LanguageOption language;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CodeNames names = language.names();
        var r = RequestCli.call(
                connection,
                s -> s.getRequest(
                        GetRequestRequest.newBuilder().setRequestId(id).build()));
        if (!output.print(r, spec.commandLine().getOut())) {
            RequestCli.show(spec.commandLine().getOut(), r, names);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
