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
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.core.text.SafeText;
import org.jaring.v1.Case;
import org.jaring.v1.GetCaseResponse;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.Sharing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaring case show}: one case, its default handling, and each live indicator with whom it reaches. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        header = "Show a case and each of its live indicators with whom it is shared.",
        description = "The SHARED WITH column applies the sharing policy to each indicator's own handling, else the"
                + " case's (marked 'case'). SHARING says how: published (in the feed and exports, and answered on"
                + " lookup) or confirm-only (answered on a peer's lookup only), the case's where the indicator names"
                + " none. --json prints {\"case\": Case, \"indicators\": [Indicator, ...]} (docs/cli-json.md).")
public final class CaseShowCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "CASE_ID", description = "One of your cases.")
    String caseId;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Mixin
    LanguageOption language;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CodeNames names = language.names();
        GetCaseResponse response;
        ManagedChannel channel = connection.openNational();
        try {
            response = CaseCalls.require(connection.national(channel), caseId);
        } finally {
            NodeConnection.close(channel);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonFormat.printer().print(response));
            out.flush();
            return 0;
        }
        Case c = response.getCase();
        out.println("Case:        " + SafeText.line(c.getCaseId()));
        out.println("Title:       " + SafeText.line(c.getTitle()));
        out.println("Reference:   " + SafeText.line(c.getReference()));
        out.println("Offences:    " + CaseText.offences(names, c.getOffencesList()));
        out.println("Handling:    " + CaseText.handling(names, c.getDefaultHandling(), c.hasDefaultHandling()));
        out.println("Sharing:     " + CaseText.sharing(c.getDefaultHandling(), c.hasDefaultHandling()));
        out.println("Peers see:   " + SafeText.line(c.getCaseHandle()));
        out.println("Created:     " + CaseText.time(c.getCreatedAt()) + " UTC, updated "
                + CaseText.time(c.getUpdatedAt()) + " UTC");
        out.println();
        if (response.getIndicatorsCount() == 0) {
            out.println("No live indicator; 'jaring case add " + SafeText.line(caseId) + " VALUE...' adds some.");
        } else {
            Table t = new Table(
                    "TYPE", "VALUE", "OFFENCES", "CONF", "SHARING", "TLP", "SHARED WITH", "VALID UNTIL (UTC)", "NOTE");
            for (Indicator i : response.getIndicatorsList()) {
                boolean own = i.hasHandling();
                Handling h = own ? CaseText.effective(i.getHandling(), c) : c.getDefaultHandling();
                boolean set = own || c.hasDefaultHandling();
                boolean ownSharing = own && i.getHandling().getSharing() != Sharing.SHARING_UNSPECIFIED;
                t.row(
                        IndicatorTypeNames.name(i.getType()),
                        i.getValue(),
                        CaseText.offences(names, i.getOffencesCount() > 0 ? i.getOffencesList() : c.getOffencesList()),
                        i.getConfidence(),
                        CaseText.sharing(h, set) + (ownSharing || !set ? "" : " (case)"),
                        CaseText.tlp(names, h, set) + (own ? "" : " (case)"),
                        set ? CaseText.audience(h) : "no one (no handling)",
                        i.hasValidUntil() ? CaseText.time(i.getValidUntil()) : "-",
                        i.getNote());
            }
            t.print(out);
        }
        out.flush();
        return 0;
    }
}
