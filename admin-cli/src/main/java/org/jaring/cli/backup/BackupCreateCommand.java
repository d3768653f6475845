package org.jaring.cli.backup;

import com.google.protobuf.util.Timestamps;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.v1.CreateBackupRequest;
import org.jaring.v1.CreateBackupResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring backup create --to DIR}: the running node checkpoints itself into DIR on its own machine. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        header = "Back up the running node into a folder on the node's machine.",
        description = {
            "Asks the running node (admin service) for a consistent RocksDB checkpoint of its store,"
                    + " a copy of its trust store and node.yaml, written into DIR on the node's machine. The node keeps"
                    + " serving. DIR must not exist or be empty.",
            "The pki/ keys are not included by design: keep them in your key storage."
        })
public final class BackupCreateCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "DIR",
            description = "Target folder on the node's machine (made absolute against the current folder).")
    Path to;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ManagedChannel channel = connection.openAdmin();
        try {
            CreateBackupResponse r = connection
                    .admin(channel)
                    .createBackup(CreateBackupRequest.newBuilder()
                            .setDirectory(to.toAbsolutePath().normalize().toString())
                            .build());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Backed up node %s into %s%n", r.getNodeId(), r.getDirectory());
            out.printf("  store sequence %d, taken %s%n", r.getSequence(), Timestamps.toString(r.getCreated()));
            out.printf("  %d files, %d bytes%n", r.getFilesCount(), r.getTotalBytes());
            out.println("  not included: pki/ (keys). Restore with: jaring backup restore --from " + r.getDirectory()
                    + " --home NEWHOME [--pki PKI_DIR]");
            out.flush();
            return 0;
        } finally {
            NodeConnection.close(channel);
        }
    }
}
