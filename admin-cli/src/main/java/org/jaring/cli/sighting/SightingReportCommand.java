package org.jaring.cli.sighting;

import io.grpc.ManagedChannel;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.ReportSightingRequest;
import org.jaring.v1.ReportSightingResponse;
import org.jaring.v1.SightingKind;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaring sighting report VALUE --origin NODE (--seen | --false-positive)}. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        header = "Tell a peer that you saw one of its indicators, or that it is a false positive.",
        description = "Sends the sighting to the origin node named by --origin (the COUNTRY column of a lookup)."
                + " Prints whether it was delivered now or waits in the outbox.",
        footer = {"", "Example:", "  jaring sighting report asean-parcel-redelivery.com --origin SG-SPF --seen"})
public final class SightingReportCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "VALUE", description = "The value, in any accepted spelling.")
    String value;

    @Option(
            names = "--origin",
            required = true,
            paramLabel = "NODE",
            description = "The node that holds the indicator.")
    String origin;

    @Option(
            names = "--case-handle",
            paramLabel = "HANDLE",
            description = "The origin's case handle from the hit, if you have it.")
    String caseHandle;

    static final class Kind {
        @Option(names = "--seen", required = true, description = "You saw it in your own case or traffic.")
        boolean seen;

        @Option(names = "--false-positive", required = true, description = "It is benign in your experience.")
        boolean falsePositive;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (value.isBlank()) {
            throw new UserError("VALUE is empty");
        }
        ManagedChannel channel = connection.openNational();
        try {
            ReportSightingResponse r = NationalServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .reportSighting(ReportSightingRequest.newBuilder()
                            .setOriginNode(origin)
                            .setValue(LookupQuery.newBuilder().setValue(value))
                            .setKind(
                                    kind.seen
                                            ? SightingKind.SIGHTING_KIND_SEEN
                                            : SightingKind.SIGHTING_KIND_FALSE_POSITIVE)
                            .setCaseHandle(caseHandle == null ? "" : caseHandle)
                            .build());
            spec.commandLine()
                    .getOut()
                    .println(
                            r.getDelivered()
                                    ? "Sighting " + r.getSightingId() + " delivered to " + origin + "."
                                    : "Sighting " + r.getSightingId() + " waits in the outbox; it is delivered when "
                                            + origin + " is reachable (next sync, or 'jaring sync now').");
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            NodeConnection.close(channel);
        }
    }
}
