package org.jaring.cli.cases;

import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jaring.cli.Refused;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.v1.Case;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.PutCaseResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaring case create}: a new case, with how its indicators are shared by default. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        header = "Create a case, with the handling its indicators inherit.",
        description = "Refused if the case exists ('jaring case set' changes one). Without --tlp the case is"
                + " shared with no one until you set a handling.",
        footer = {
            "",
            "Examples:",
            "  jaring case create TH-2026-0042 --title \"Parcel scam\" --offence CC.FRAUD \\",
            "      --tlp GREEN",
            "  jaring case create TH-2026-0043 --tlp AMBER --group asean"
        })
public final class CaseCreateCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(
            index = "0",
            paramLabel = "CASE_ID",
            description = "Your ID for the case: letters, digits, '.', '_', '-'.")
    String caseId;

    @Option(names = "--title", paramLabel = "TEXT", description = "A title for your analysts.")
    String title;

    @Option(names = "--reference", paramLabel = "TEXT", description = "Your national file number.")
    String reference;

    @Option(
            names = "--offence",
            paramLabel = "CODE",
            split = ",",
            description = "Offence code, e.g. CC.FRAUD (repeat, or separate with commas).")
    List<String> offences = new ArrayList<>();

    @Mixin
    HandlingOptions handling;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Case.Builder c = Case.newBuilder().setCaseId(caseId).addAllOffences(CaseText.parseOffences(offences));
        if (title != null) {
            c.setTitle(title);
        }
        if (reference != null) {
            c.setReference(reference);
        }
        if (handling.given()) {
            c.setDefaultHandling(handling.applyTo(null));
        }
        ManagedChannel channel = connection.openNational();
        PutCaseResponse stored;
        try {
            var national = connection.national(channel);
            if (CaseCalls.find(national, caseId).isPresent()) {
                throw new Refused("case '" + caseId + "' exists; change it with 'jaring case set " + caseId + " ...'");
            }
            stored = national.putCase(PutCaseRequest.newBuilder().setCase(c).build());
        } finally {
            NodeConnection.close(channel);
        }
        PrintWriter out = spec.commandLine().getOut();
        Case s = stored.getCase();
        out.println("Created case " + s.getCaseId() + " (peers see it as " + s.getCaseHandle() + ").");
        out.println("Its indicators are shared: " + CaseText.handling(s.getDefaultHandling(), s.hasDefaultHandling())
                + (s.hasDefaultHandling() ? "" : "; set one with 'jaring case set " + caseId + " --tlp ...'") + ".");
        out.flush();
        return 0;
    }
}
