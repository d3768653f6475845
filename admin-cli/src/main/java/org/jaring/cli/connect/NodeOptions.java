package org.jaring.cli.connect;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import org.jaring.cli.UserError;
import org.jaring.node.config.HostPort;
import picocli.CommandLine.Option;

/** How a command reaches its own node's national service. */
public final class NodeOptions {
    @Option(names = "--node", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7401",
            description = "Address of your node's national listener (default: ${DEFAULT-VALUE}).")
    String node;

    public ManagedChannel open() {
        HostPort address;
        try {
            address = HostPort.parse(node);
        } catch (IllegalArgumentException e) {
            throw new UserError("--node: " + e.getMessage());
        }
        return NettyChannelBuilder.forAddress(address.host(), address.port()).usePlaintext().build();
    }
}
