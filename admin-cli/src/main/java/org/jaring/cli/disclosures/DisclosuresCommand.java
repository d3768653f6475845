package org.jaring.cli.disclosures;

import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.cli.output.Table;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.core.vocab.LegalBases;
import org.jaring.v1.Disclosure;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.ListDisclosuresRequest;
import org.jaring.v1.ListDisclosuresResponse;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring disclosures}: who asked about my indicators, when, why, and what they were told. */
@Command(
        name = "disclosures",
        mixinStandardHelpOptions = true,
        header = "Show who asked about a value or a case's indicators, when, why, and what was disclosed.",
        description = "Lists, newest first, the lookups that peers made of this node for a value or for any"
                + " indicator of one of your cases: the asking node and analyst, their case reference and legal"
                + " basis, which of your cases matched, and how many hits your sharing policy disclosed (0 when it"
                + " withheld them). Your own node's lookups of the value appear too, with your node as the asker.",
        footer = {
            "",
            "Examples:",
            "  jaring disclosures --value asean-parcel-redelivery.com",
            "  jaring disclosures --case SG-2026-00042 --limit 20"
        })
public final class DisclosuresCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    static final class Target {
        @Option(
                names = "--value",
                paramLabel = "VALUE",
                required = true,
                description = "A value, in any accepted spelling.")
        String value;

        @Option(names = "--case", paramLabel = "CASE_ID", required = true, description = "One of your cases.")
        String caseId;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--type", paramLabel = "TYPE", description = "Type of --value. Default: recognised from the value.")
    String type;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "At most this many records (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the node's answer as JSON instead of a table.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ListDisclosuresRequest.Builder request =
                ListDisclosuresRequest.newBuilder().setLimit(limit);
        if (target.value != null) {
            IndicatorType t = IndicatorType.INDICATOR_TYPE_UNSPECIFIED;
            if (type != null) {
                try {
                    t = IndicatorTypeNames.parse(type);
                } catch (IllegalArgumentException e) {
                    throw new UserError("--type: " + e.getMessage());
                }
            }
            request.setValue(LookupQuery.newBuilder().setType(t).setValue(target.value));
        } else {
            request.setCaseId(target.caseId);
        }
        ManagedChannel channel = connection.openNational();
        ListDisclosuresResponse response;
        try {
            response = NationalServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .listDisclosures(request.build());
        } finally {
            NodeConnection.close(channel);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonFormat.printer().print(response));
        } else if (response.getDisclosuresCount() == 0) {
            out.println("No lookup has matched it.");
        } else {
            table(response.getDisclosuresList()).print(out);
        }
        out.flush();
        return 0;
    }

    /** One row per disclosure; the asking state wrote the analyst and case reference, which Table escapes. */
    static Table table(Iterable<Disclosure> disclosures) {
        Table t = new Table(
                "WHEN (UTC)",
                "ASKED BY",
                "ANALYST",
                "THEIR CASE",
                "LEGAL BASIS",
                "VALUE",
                "MATCHED CASES",
                "DISCLOSED");
        for (Disclosure d : disclosures) {
            t.row(
                    Timestamps.toString(d.getAskedAt()).substring(0, 19).replace('T', ' '),
                    d.getAskingNode(),
                    d.getPurpose().getAnalyst(),
                    d.getPurpose().getCaseReference(),
                    LegalBases.name(d.getPurpose().getLegalBasis()),
                    d.getValue(),
                    String.join(",", d.getMatchedCasesList()),
                    d.getDisclosedHits());
        }
        return t;
    }
}
