package org.jaring.cli.sync;

import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.cli.output.Table;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.SyncNowResponse;
import org.jaring.v1.SyncResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code jaring sync now}: pull every peer's feed and deliver waiting sightings, then report per peer. */
@Command(
        name = "now",
        mixinStandardHelpOptions = true,
        header = "Pull every peer's feed now and deliver waiting sightings.",
        description = "Asks the node to pull, from every trusted peer, the changes after its cursor, applying them"
                + " batch by batch, and to deliver sightings waiting in its outbox. Prints, per peer, how many items"
                + " were applied, the new cursor, and any error (the cursor stays where the last batch ended).")
public final class SyncNowCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ManagedChannel channel = connection.openAdmin();
        try {
            SyncNowResponse r = connection
                    .admin(channel)
                    .withDeadlineAfter(15, TimeUnit.MINUTES)
                    .syncNow(SyncNowRequest.getDefaultInstance());
            PrintWriter out = spec.commandLine().getOut();
            Table t = new Table("PEER", "APPLIED", "CURSOR", "ERROR");
            boolean failed = false;
            for (SyncResult p : r.getPeersList()) {
                t.row(
                        p.getNodeId(),
                        p.getApplied(),
                        Long.toUnsignedString(p.getCursor()),
                        p.getError().isEmpty() ? "-" : p.getError());
                failed |= !p.getError().isEmpty();
            }
            if (t.isEmpty()) {
                out.println("No trusted peers yet; add one with 'jaring trust add FILE'.");
            } else {
                t.print(out);
            }
            out.println(r.getSightingsDelivered() + " waiting sighting(s) delivered.");
            out.flush();
            return failed ? 1 : 0;
        } finally {
            NodeConnection.close(channel);
        }
    }
}
