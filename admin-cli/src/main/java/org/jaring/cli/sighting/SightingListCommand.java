package org.jaring.cli.sighting;

import com.google.protobuf.util.Timestamps;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.cli.output.JsonOutput;
import org.jaring.cli.output.Table;
import org.jaring.v1.ListSightingsRequest;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.SightingSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaring sighting list VALUE}: what peers reported about one of your values. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        header = "Show what peers reported about one of your values, per country.",
        description = "Counts of 'seen' and 'false positive' reports per reporting node, and the latest report time.")
public final class SightingListCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "VALUE", description = "One of your values, in any accepted spelling.")
    String value;

    @Mixin
    JsonOutput output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ManagedChannel channel = connection.openNational();
        try {
            var response = NationalServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .listSightings(ListSightingsRequest.newBuilder()
                            .setValue(LookupQuery.newBuilder().setValue(value))
                            .build());
            var summaries = response.getSummariesList();
            PrintWriter out = spec.commandLine().getOut();
            if (output.print(response, out)) {
                return 0;
            }
            if (summaries.isEmpty()) {
                out.println("No sightings reported.");
            } else {
                Table t = new Table("VALUE", "REPORTED BY", "SEEN", "FALSE POSITIVE", "LAST REPORT (UTC)");
                for (SightingSummary s : summaries) {
                    t.row(
                            s.getValue(),
                            s.getReportingNode(),
                            s.getSeen(),
                            s.getFalsePositive(),
                            Timestamps.toString(s.getLastReported())
                                    .substring(0, 19)
                                    .replace('T', ' '));
                }
                t.print(out);
            }
            out.flush();
            return 0;
        } finally {
            NodeConnection.close(channel);
        }
    }
}
