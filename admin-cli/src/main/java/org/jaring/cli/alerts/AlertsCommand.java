package org.jaring.cli.alerts;

import com.google.protobuf.util.Timestamps;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.cli.output.CodeNames;
import org.jaring.cli.output.JsonOutput;
import org.jaring.cli.output.LanguageOption;
import org.jaring.cli.output.Table;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.core.text.SafeText;
import org.jaring.v1.Alert;
import org.jaring.v1.ListAlertsRequest;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.WatchAlertsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring alerts}: values of your cases that are also held elsewhere. */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        header = "Show correlation alerts: your cases' values held in another case or by a peer.",
        description = "When a value of one of your cases is also in another of your cases, or in an item a peer"
                + " shared with your node, the node raises one alert for that match: your case, the value, and the"
                + " other case (for a peer: its node, its case handle and its 24/7 contact). Values on a warninglist"
                + " raise none. --watch keeps printing new alerts as they are raised.")
public final class AlertsCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--limit",
            defaultValue = "50",
            paramLabel = "N",
            description = "Newest N alerts (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--watch", description = "After the list, print each new alert as it is raised; stop with Ctrl-C.")
    boolean watch;

    @Mixin
    JsonOutput output;

    @Mixin
    LanguageOption language;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CodeNames names = language.names();
        ManagedChannel channel = connection.openNational();
        try {
            PrintWriter out = spec.commandLine().getOut();
            var stub = NationalServiceGrpc.newBlockingStub(channel);
            var response = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .listAlerts(ListAlertsRequest.newBuilder().setLimit(limit).build());
            var alerts = response.getAlertsList();
            if (watch && output.enabled()) {
                throw new UserError("--watch prints alerts as they come, as text; leave out --json or --watch");
            }
            if (output.print(response, out)) {
                return 0;
            }
            Table t = new Table(
                    "ID",
                    "RAISED (UTC)",
                    "YOUR CASE",
                    "TYPE",
                    "VALUE",
                    "ALSO HELD BY",
                    "THEIR CASE",
                    "CONTACT",
                    "THEIR OFFENCES",
                    "TLP");
            long last = 0;
            for (Alert a : alerts) {
                row(t, a, names);
                last = Math.max(last, a.getAlertId());
            }
            if (t.isEmpty()) {
                out.println("No alerts.");
            } else {
                t.print(out);
            }
            out.flush();
            if (watch) {
                Iterator<Alert> live = stub.watchAlerts(
                        WatchAlertsRequest.newBuilder().setAfterAlertId(last).build());
                while (live.hasNext()) {
                    Alert a = live.next();
                    // a peer wrote the other case and its contact: one escaped line each, as in the table
                    out.printf(
                            "alert %d: case %s, %s %s also held by %s (%s) %s %s%n",
                            a.getAlertId(),
                            SafeText.line(a.getCaseId()),
                            IndicatorTypeNames.name(a.getType()),
                            SafeText.line(a.getValue()),
                            SafeText.line(a.getOtherNode()),
                            SafeText.line(a.getOtherCase()),
                            SafeText.line(a.getOther().getContact().getPhone()),
                            a.hasOther() ? names.offences(a.getOther().getOffencesList()) : "");
                    out.flush();
                }
            }
            return 0;
        } finally {
            NodeConnection.close(channel);
        }
    }

    private static void row(Table t, Alert a, CodeNames names) {
        t.row(
                a.getAlertId(),
                Timestamps.toString(a.getRaisedAt()).substring(0, 19).replace('T', ' '),
                a.getCaseId(),
                IndicatorTypeNames.name(a.getType()),
                a.getValue(),
                a.getOtherNode(),
                a.getOtherCase(),
                a.hasOther()
                        ? a.getOther().getContact().getPhone() + " "
                                + a.getOther().getContact().getEmail()
                        : "",
                a.hasOther() ? names.offences(a.getOther().getOffencesList()) : "",
                a.hasOther() ? names.tlp(a.getOther().getTlp()) : "");
    }
}
