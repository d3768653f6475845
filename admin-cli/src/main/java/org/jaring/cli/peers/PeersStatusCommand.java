package org.jaring.cli.peers;

import com.google.protobuf.Timestamp;
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
import org.jaring.v1.PeerHealth;
import org.jaring.v1.PeersStatusRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jaring peers status}: one row per trusted peer from the node's own view of its channels. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        header = "Show each peer's connectivity, last success and error, expiry.",
        description = {
            "Shows each trusted peer's connection as this node sees it: channel state (READY, CONNECTING, IDLE,"
                    + " TRANSIENT_FAILURE), the last successful call and last error, days until the certificate the"
                    + " peer last presented expires, the sequence of its revocation list installed here, and feed"
                    + " sync: how many of the peer's changes were not yet applied at the last sync, and when that was.",
            "IDLE with no last success only means this node has not needed the peer yet."
        })
public final class PeersStatusCommand implements Callable<Integer> {
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
            var response = connection.admin(channel).peersStatus(PeersStatusRequest.getDefaultInstance());
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
            Instant now = Instant.now();
            Table table = new Table(
                    "NODE",
                    "ENDPOINT",
                    "CONNECTIVITY",
                    "LAST SUCCESS",
                    "LAST ERROR",
                    "CERT EXPIRES",
                    "REVOCATION SEQ",
                    "SYNC LAG",
                    "LAST SYNC");
            for (PeerHealth p : peers) {
                table.row(
                        p.getNodeId(),
                        p.getEndpoint(),
                        p.getConnectivity(),
                        p.hasLastSuccess() ? Times.format(instant(p.getLastSuccess())) : "never",
                        lastError(p),
                        p.hasCertificateNotAfter()
                                ? Times.daysLeft(instant(p.getCertificateNotAfter()), now) + " days"
                                : "unknown",
                        p.getRevocationSequence() == 0 ? "none yet" : p.getRevocationSequence(),
                        syncLag(p),
                        p.hasLastSync() ? Times.format(instant(p.getLastSync())) : "never");
            }
            table.print(out);
            return 0;
        } finally {
            NodeConnection.close(channel);
        }
    }

    /**
     * Whether this node had everything the peer shares with it at the end of the last sync. Feed cursors are
     * opaque per-peer values, so how many changes it is behind is not known (docs/protocol.md 7.4).
     */
    private static String syncLag(PeerHealth p) {
        if (!p.getLastSyncError().isEmpty()) {
            return "error: " + p.getLastSyncError();
        }
        if (!p.hasLastSync()) {
            return "-";
        }
        return p.getSyncHead() == p.getSyncCursor() ? "up to date" : "behind";
    }

    /**
     * The last error with when it happened, and "(since recovered)" when a call succeeded after it: an old error
     * beside READY is history, not the present.
     */
    static String lastError(PeerHealth p) {
        if (p.getLastError().isEmpty()) {
            return "-";
        }
        if (!p.hasLastErrorAt()) {
            return p.getLastError();
        }
        Instant at = instant(p.getLastErrorAt());
        boolean recovered = p.hasLastSuccess() && instant(p.getLastSuccess()).isAfter(at);
        return Times.format(at) + " " + p.getLastError() + (recovered ? " (since recovered)" : "");
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochMilli(Timestamps.toMillis(t));
    }
}
