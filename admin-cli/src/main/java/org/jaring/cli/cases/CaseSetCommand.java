package org.jaring.cli.cases;

import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
import org.jaring.v1.Indicator;
import org.jaring.v1.PutCaseRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jaring case set}: changes a case's default handling, offences, title or reference, or (with --value) one
 * indicator's own handling, offences, confidence or validity. The node replaces a case or an indicator as a whole,
 * so this reads the record first and sends it back with only the given options changed.
 */
@Command(
        name = "set",
        mixinStandardHelpOptions = true,
        header = "Change how a case or one of its indicators is shared, its offences or its validity.",
        description = {
            "Without --value: changes the case; its indicators without a handling of their own follow at once"
                    + " (peers that may no longer see them lose them at their next sync).",
            "With --value: changes that indicator of the case. Options not given stay as they were; an audience"
                    + " given (--node, --group, --local-only) replaces the old audience as a whole. An indicator"
                    + " given a handling of its own keeps following its case's --sharing unless --sharing is given.",
            "--sharing confirm-only: peers that may see the values get them only as the answer to a lookup of the"
                    + " value, never in the feed or an export; those that had them through the feed are told to drop"
                    + " them at their next sync (what they learnt cannot be taken back). --sharing published: they"
                    + " are in the feed again."
        },
        footer = {
            "",
            "Examples:",
            "  jaring case set TH-2026-0042 --tlp AMBER --group asean",
            "  jaring case set TH-2026-0042 --sharing confirm-only",
            "  jaring case set TH-2026-0042 --value evil.example --tlp AMBER --node MY-PDRM \\",
            "      --valid-until 2027-01-31",
            "  jaring case set TH-2026-0042 --value evil.example --inherit"
        })
public final class CaseSetCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "CASE_ID", description = "One of your cases.")
    String caseId;

    @Option(names = "--value", paramLabel = "VALUE", description = "Change this indicator of the case instead.")
    String value;

    @Option(names = "--type", paramLabel = "TYPE", description = "Type of --value. Default: recognised from the value.")
    String type;

    @Option(names = "--title", paramLabel = "TEXT", description = "New case title.")
    String title;

    @Option(names = "--reference", paramLabel = "TEXT", description = "New national file number of the case.")
    String reference;

    @Option(
            names = "--offence",
            paramLabel = "CODE",
            split = ",",
            description = "Replace the offences with these codes, e.g. CC.FRAUD (repeat, or separate with commas).")
    List<String> offences;

    @Mixin
    HandlingOptions handling;

    @Option(
            names = "--inherit",
            description = "With --value: drop the indicator's own handling; it follows the case's again.")
    boolean inherit;

    @Option(
            names = "--valid-until",
            paramLabel = "DATE",
            description = "With --value: not returned or shared after this, then purged (2027-01-31 or"
                    + " 2027-01-31T12:00:00Z).")
    String validUntil;

    @Option(names = "--no-expiry", description = "With --value: remove the indicator's expiry.")
    boolean noExpiry;

    @Option(names = "--confidence", paramLabel = "0-100", description = "With --value: the confidence.")
    Integer confidence;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (value == null) {
            for (var only : List.of(
                    new Object[] {inherit, "--inherit"},
                    new Object[] {validUntil != null, "--valid-until"},
                    new Object[] {noExpiry, "--no-expiry"},
                    new Object[] {confidence != null, "--confidence"},
                    new Object[] {type != null, "--type"})) {
                if ((Boolean) only[0]) {
                    throw new UserError(only[1] + " changes one indicator: add --value VALUE");
                }
            }
        } else if (title != null || reference != null) {
            throw new UserError("--title and --reference belong to the case: leave out --value");
        }
        if (inherit && handling.given()) {
            throw new UserError("--inherit drops the indicator's own handling: leave out --tlp, --node, --group,"
                    + " --local-only and --sharing, or leave out --inherit");
        }
        if (validUntil != null && noExpiry) {
            throw new UserError("give --valid-until or --no-expiry, not both");
        }
        ManagedChannel channel = connection.openNational();
        String done;
        try {
            var national = connection.national(channel);
            Case c = CaseCalls.require(national, caseId).getCase();
            done = value == null ? setCase(national, c) : setIndicator(national, c);
        } finally {
            NodeConnection.close(channel);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(done);
        out.flush();
        return 0;
    }

    private String setCase(org.jaring.v1.NationalServiceGrpc.NationalServiceBlockingStub national, Case old) {
        if (!handling.given() && title == null && reference == null && offences == null) {
            throw new UserError("nothing to change: give --tlp, --node, --group, --local-only, --sharing, --offence,"
                    + " --title or --reference");
        }
        Case.Builder c = old.toBuilder();
        if (title != null) {
            c.setTitle(title);
        }
        if (reference != null) {
            c.setReference(reference);
        }
        if (offences != null) {
            c.clearOffences().addAllOffences(CaseText.parseOffences(offences));
        }
        if (handling.given()) {
            c.setDefaultHandling(handling.applyTo(old.hasDefaultHandling() ? old.getDefaultHandling() : null));
        }
        Case stored =
                national.putCase(PutCaseRequest.newBuilder().setCase(c).build()).getCase();
        return "Case " + stored.getCaseId() + ": "
                + CaseText.handling(stored.getDefaultHandling(), stored.hasDefaultHandling()) + "; offences "
                + CaseText.offences(stored.getOffencesList()) + ".";
    }

    private String setIndicator(org.jaring.v1.NationalServiceGrpc.NationalServiceBlockingStub national, Case c) {
        if (!handling.given()
                && !inherit
                && offences == null
                && validUntil == null
                && !noExpiry
                && confidence == null) {
            throw new UserError("nothing to change: give --tlp, --node, --group, --local-only, --sharing, --inherit,"
                    + " --offence, --confidence, --valid-until or --no-expiry");
        }
        Indicator old = CaseCalls.indicator(national, caseId, CaseCalls.type(type), value);
        Indicator.Builder i = old.toBuilder().clearRecordedAt();
        if (inherit) {
            i.clearHandling();
        } else if (handling.given()) {
            // Starting from the case's handling, the indicator takes its TLP and audience but not its sharing: that
            // stays inherited (the case's, as it changes) unless --sharing names one.
            i.setHandling(handling.applyTo(
                    old.hasHandling()
                            ? old.getHandling()
                            : c.hasDefaultHandling()
                                    ? c.getDefaultHandling().toBuilder()
                                            .clearSharing()
                                            .build()
                                    : null));
        }
        if (offences != null) {
            i.clearOffences().addAllOffences(CaseText.parseOffences(offences));
        }
        if (confidence != null) {
            i.setConfidence(confidence);
        }
        if (validUntil != null) {
            i.setValidUntil(CaseText.parseUntil(validUntil));
        }
        if (noExpiry) {
            i.clearValidUntil();
        }
        national.addIndicators(AddIndicatorsRequest.newBuilder()
                .setCaseId(caseId)
                .addIndicators(i)
                .build());
        Indicator now = i.build();
        boolean own = now.hasHandling();
        return IndicatorTypeNames.name(now.getType()) + " " + now.getValue() + " in case " + caseId + ": "
                + (own
                        ? CaseText.handling(CaseText.effective(now.getHandling(), c), true)
                        : "follows the case (" + CaseText.handling(c.getDefaultHandling(), c.hasDefaultHandling())
                                + ")")
                + (now.hasValidUntil() ? "; valid until " + CaseText.time(now.getValidUntil()) + " UTC" : "") + ".";
    }
}
