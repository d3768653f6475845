package org.jaring.cli.backup;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jaring.cli.Refused;
import org.jaring.node.ops.BackupRestore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring backup restore --from DIR --home NEWHOME}: offline, into an empty folder. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        header = "Restore a backup into a new, empty node home (offline).",
        description = {
            "Verifies the backup (manifest and file sizes, the store checkpoint opened read-only with its"
                    + " node ID and schema version, the trust store's owner, node.yaml's node_id), then lays out"
                    + " NEWHOME with node.yaml, data/ and trust/. Refuses a non-empty NEWHOME.",
            "Backups never hold keys: pass --pki with this node's pki/ folder from your key storage, or copy it"
                    + " to NEWHOME/pki before starting the node."
        })
public final class BackupRestoreCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The backup folder.")
    Path from;

    @Option(names = "--home", required = true, paramLabel = "NEWHOME", description = "The new node home (empty).")
    Path home;

    @Option(
            names = "--pki",
            paramLabel = "DIR",
            description = "This node's pki/ folder (ca.pem, node.pem, node.key, admin credentials) to copy in.")
    Path pki;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BackupRestore.Result r;
        try {
            r = BackupRestore.restore(
                    from.toAbsolutePath().normalize(),
                    home.toAbsolutePath().normalize(),
                    pki == null ? null : pki.toAbsolutePath().normalize());
        } catch (IOException | IllegalStateException e) {
            throw new Refused("not restored: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "Restored node %s (store sequence %d) into %s%n",
                r.nodeId(), r.sequence(), home.toAbsolutePath().normalize());
        r.written().forEach(w -> out.println("  wrote " + w));
        out.println("Next:");
        r.todo().forEach(t -> out.println("  - " + t));
        out.flush();
        return 0;
    }
}
