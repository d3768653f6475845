package org.jaring.cli.cases;

import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.v1.WithdrawIndicatorRequest;
import org.jaring.v1.WithdrawIndicatorResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaring case withdraw}: one indicator out of a case, for the record with a reason. */
@Command(
        name = "withdraw",
        mixinStandardHelpOptions = true,
        header = "Withdraw an indicator from a case.",
        description = "The indicator is no longer returned to anyone, peers that synced it remove it at their next"
                + " sync, and the withdrawal is recorded in the audit log with the reason.",
        footer = {"", "Example:", "  jaring case withdraw TH-2026-0042 evil.example --reason \"false positive\""})
public final class CaseWithdrawCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "CASE_ID", description = "One of your cases.")
    String caseId;

    @Parameters(index = "1", paramLabel = "VALUE", description = "The value, any accepted spelling.")
    String value;

    @Option(names = "--type", paramLabel = "TYPE", description = "Type of VALUE. Default: recognised from it.")
    String type;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, for the audit log.")
    String reason;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ManagedChannel channel = connection.openNational();
        WithdrawIndicatorResponse response;
        try {
            response = connection
                    .national(channel)
                    .withdrawIndicator(WithdrawIndicatorRequest.newBuilder()
                            .setCaseId(caseId)
                            .setType(CaseCalls.type(type))
                            .setValue(value)
                            .setReason(reason)
                            .build());
        } finally {
            NodeConnection.close(channel);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Withdrew " + response.getCanonicalValue() + " from case " + caseId + ".");
        out.flush();
        return 0;
    }
}
