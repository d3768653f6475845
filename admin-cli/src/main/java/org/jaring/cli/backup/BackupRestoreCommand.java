package org.jaring.cli.backup;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jaring.cli.Refused;
import org.jaring.core.backup.BackupSecret;
import org.jaring.node.ops.BackupRestore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring backup restore --from DIR --home NEWHOME}: offline, into an empty folder. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        header = "Restore an encrypted backup into a new, empty node home (offline).",
        description = {
            "Verifies the whole backup before NEWHOME is touched: the secret (key check), the encrypted manifest,"
                    + " that the folder holds exactly the manifest's files (no links, no extra or missing files, every"
                    + " size), each file's AES-GCM tag and SHA-256 while it is decrypted into a private folder beside"
                    + " NEWHOME, the store checkpoint opened read-only with its node ID and schema version, the trust"
                    + " store's owner and node.yaml's node_id. Only then does that folder become NEWHOME (node.yaml,"
                    + " data/, trust/). A damaged, altered or wrong-key backup leaves NEWHOME as it was. Refuses a"
                    + " non-empty NEWHOME.",
            "The secret is the one the backup was made with: --passphrase-env VAR, --key-file FILE, or a"
                    + " passphrase asked on the terminal.",
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

    @Mixin
    BackupSecretOptions secret;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BackupRestore.Result r;
        try (BackupSecret s = secret.forRestore()) {
            r = BackupRestore.restore(
                    from.toAbsolutePath().normalize(),
                    home.toAbsolutePath().normalize(),
                    pki == null ? null : pki.toAbsolutePath().normalize(),
                    s);
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
