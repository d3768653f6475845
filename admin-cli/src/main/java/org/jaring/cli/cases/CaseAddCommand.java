package org.jaring.cli.cases;

import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddIndicatorsResponse;
import org.jaring.v1.Indicator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaring case add}: a few values typed by hand into a case ('jaring import' is for files). */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        header = "Add values to a case (or replace their records), all or none.",
        description = "Each value replaces the case's record of the same canonical value as a whole. Without"
                + " --tlp, --node, --group, --local-only or --sharing the values follow the case's handling. For"
                + " files, use"
                + " 'jaring import'.",
        footer = {"", "Example:", "  jaring case add TH-2026-0042 evil.example +66812345678 --confidence 80"})
public final class CaseAddCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "CASE_ID", description = "One of your cases.")
    String caseId;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "VALUE", description = "Values, any accepted spelling.")
    List<String> values = new ArrayList<>();

    @Option(names = "--type", paramLabel = "TYPE", description = "Type of every value. Default: recognised from each.")
    String type;

    @Option(
            names = "--offence",
            paramLabel = "CODE",
            split = ",",
            description = "Offence codes of these values (default: the case's).")
    List<String> offences = new ArrayList<>();

    @Option(
            names = "--confidence",
            paramLabel = "0-100",
            defaultValue = "50",
            description = "Default: ${DEFAULT-VALUE}.")
    int confidence;

    @Option(names = "--valid-until", paramLabel = "DATE", description = "2027-01-31 or 2027-01-31T12:00:00Z.")
    String validUntil;

    @Option(names = "--note", paramLabel = "TEXT", description = "For your analysts; never sent to peers.")
    String note;

    @Mixin
    HandlingOptions handling;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        AddIndicatorsRequest.Builder request = AddIndicatorsRequest.newBuilder().setCaseId(caseId);
        for (String v : values) {
            Indicator.Builder i = Indicator.newBuilder()
                    .setType(CaseCalls.type(type))
                    .setValue(v)
                    .setConfidence(confidence)
                    .addAllOffences(CaseText.parseOffences(offences));
            if (validUntil != null) {
                i.setValidUntil(CaseText.parseUntil(validUntil));
            }
            if (note != null) {
                i.setNote(note);
            }
            if (handling.given()) {
                i.setHandling(handling.applyTo(null));
            }
            request.addIndicators(i);
        }
        ManagedChannel channel = connection.openNational();
        AddIndicatorsResponse response;
        try {
            var national = connection.national(channel);
            CaseCalls.require(national, caseId);
            response = national.addIndicators(request.build());
        } finally {
            NodeConnection.close(channel);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Stored " + response.getStored() + " in case " + caseId + " (" + response.getCreated() + " new): "
                + String.join(", ", response.getCanonicalValuesList()));
        out.flush();
        return 0;
    }
}
