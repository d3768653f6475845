package org.jaring.cli.trust;

import com.google.protobuf.util.Timestamps;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.cli.output.JsonOutput;
import org.jaring.cli.output.Table;
import org.jaring.cli.support.Times;
import org.jaring.v1.ListPeersRequest;
import org.jaring.v1.TrustedPeerInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jaring trust list}: the peers this node trusts, as the running node sees them. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        header = "List the trusted peers.",
        description = "Lists the peers this node trusts: node ID, endpoint, groups, anchor fingerprint and when the"
                + " anchor (the peer's national CA) expires.")
public final class TrustListCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    JsonOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ManagedChannel channel = connection.openAdmin();
        try {
            var response = connection.admin(channel).listPeers(ListPeersRequest.getDefaultInstance());
            var peers = response.getPeersList();
            PrintWriter out = spec.commandLine().getOut();
            if (output.print(response, out)) {
                return 0;
            }
            if (peers.isEmpty()) {
                out.println("No trusted peers yet; add one with 'jaring trust add FILE'.");
                out.flush();
                return 0;
            }
            // Last and never cut: a shortened fingerprint cannot be compared with what the peer's admin reads.
            Table table = new Table("NODE", "ENDPOINT", "GROUPS", "ANCHOR EXPIRES", "ANCHOR FINGERPRINT")
                    .keepWhole("ANCHOR FINGERPRINT");
            Instant now = Instant.now();
            for (TrustedPeerInfo p : peers) {
                Instant end = Instant.ofEpochMilli(Timestamps.toMillis(p.getAnchorNotAfter()));
                table.row(
                        p.getNodeId(),
                        p.getEndpoint(),
                        String.join(",", p.getGroupsList()),
                        Times.format(end).substring(0, 10) + " (" + Times.daysLeft(end, now) + "d)",
                        p.getAnchorFingerprint());
            }
            table.print(out);
            return 0;
        } finally {
            NodeConnection.close(channel);
        }
    }
}
