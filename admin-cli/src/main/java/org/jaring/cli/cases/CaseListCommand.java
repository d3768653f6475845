package org.jaring.cli.cases;

import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.cli.output.CodeNames;
import org.jaring.cli.output.LanguageOption;
import org.jaring.cli.output.Table;
import org.jaring.v1.Case;
import org.jaring.v1.ListCasesRequest;
import org.jaring.v1.ListCasesResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring case list}: every case on the node, one line each. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        header = "List your node's cases with how each is shared by default.",
        description = "In case ID order. --json prints {\"cases\": [Case, ...]} (docs/cli-json.md).")
public final class CaseListCommand implements Callable<Integer> {
    private static final int PAGE = 1000;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Mixin
    LanguageOption language;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CodeNames names = language.names();
        ListCasesResponse.Builder all = ListCasesResponse.newBuilder();
        ManagedChannel channel = connection.openNational();
        try {
            String after = "";
            ListCasesResponse page;
            do {
                page = connection
                        .national(channel)
                        .listCases(ListCasesRequest.newBuilder()
                                .setAfterCaseId(after)
                                .setLimit(PAGE)
                                .build());
                all.addAllCases(page.getCasesList());
                if (page.getCasesCount() > 0) {
                    after = page.getCases(page.getCasesCount() - 1).getCaseId();
                }
            } while (page.getMore() && page.getCasesCount() > 0);
        } finally {
            NodeConnection.close(channel);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonFormat.printer().print(all.build()));
        } else if (all.getCasesCount() == 0) {
            out.println("No case yet; 'jaring case create CASE_ID' makes one.");
        } else {
            Table t = new Table("CASE", "TITLE", "OFFENCES", "TLP", "SHARED WITH", "UPDATED (UTC)");
            for (Case c : all.getCasesList()) {
                t.row(
                        c.getCaseId(),
                        c.getTitle(),
                        CaseText.offences(names, c.getOffencesList()),
                        CaseText.tlp(names, c.getDefaultHandling(), c.hasDefaultHandling()),
                        c.hasDefaultHandling() ? CaseText.audience(c.getDefaultHandling()) : "no one (no handling)",
                        CaseText.time(c.getUpdatedAt()));
            }
            t.print(out);
        }
        out.flush();
        return 0;
    }
}
