package org.jaring.cli.trust;

import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.v1.RemovePeerRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaring trust remove}: unpins a peer; its calls are refused from the next one on. */
@Command(
        name = "remove",
        mixinStandardHelpOptions = true,
        header = "Stop trusting a peer.",
        description = "Removes a trusted peer: its anchor and revocation list are dropped and its calls are refused"
                + " from the next one on, on open connections too. Add it again with 'jaring trust add'.")
public final class TrustRemoveCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "NODE_ID", description = "The peer to remove, e.g. MY-PDRM.")
    String nodeId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ManagedChannel channel = connection.openAdmin();
        try {
            connection
                    .admin(channel)
                    .removePeer(RemovePeerRequest.newBuilder().setNodeId(nodeId).build());
        } finally {
            NodeConnection.close(channel);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Removed " + nodeId + "; this node no longer trusts it.");
        out.flush();
        return 0;
    }
}
