package org.jaring.cli.cases;

import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.v1.Audience;
import org.jaring.v1.Case;
import org.jaring.v1.GetCaseResponse;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Tlp;
import org.jaring.v1.WithdrawIndicatorRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jaring case close}: the wire contract has no case state, so closing is what it means for sharing: the case
 * is made local first (so nothing of it is shared while the withdrawals run, nor anything added later), then every
 * live indicator is withdrawn, each recorded in the audit log with the reason. The case record stays, for the
 * disclosures and the audit trail.
 */
@Command(
        name = "close",
        mixinStandardHelpOptions = true,
        header = "Close a case: make it local and withdraw every indicator it holds.",
        description = "The case record stays (its disclosures and audit trail remain readable); peers lose its"
                + " indicators at their next sync. Running it again finishes an interrupted close.",
        footer = {"", "Example:", "  jaring case close TH-2026-0042 --reason \"case closed by prosecutor\""})
public final class CaseCloseCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "CASE_ID", description = "One of your cases.")
    String caseId;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, for the audit log.")
    String reason;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ManagedChannel channel = connection.openNational();
        int withdrawn = 0;
        try {
            var national = connection.national(channel);
            GetCaseResponse found = CaseCalls.require(national, caseId);
            Case local = found.getCase().toBuilder()
                    .setDefaultHandling(Handling.newBuilder()
                            .setTlp(Tlp.TLP_RED)
                            .setAudience(Audience.newBuilder().setLocalOnly(true)))
                    .build();
            national.putCase(PutCaseRequest.newBuilder().setCase(local).build());
            for (Indicator i : found.getIndicatorsList()) {
                national.withdrawIndicator(WithdrawIndicatorRequest.newBuilder()
                        .setCaseId(caseId)
                        .setType(i.getType())
                        .setValue(i.getValue())
                        .setReason("case closed: " + reason)
                        .build());
                withdrawn++;
            }
        } finally {
            NodeConnection.close(channel);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Closed case " + caseId + ": now local only, " + withdrawn + " indicator(s) withdrawn.");
        out.flush();
        return 0;
    }
}
