package org.jaring.cli.backup;

import picocli.CommandLine.Command;

/** {@code jaring backup}: back a running node up, restore a backup into a new home. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Back up a running node, or restore a backup into a new node home.",
            "Backups hold the store, the trust store and node.yaml, never the pki/ keys: keep those in your key"
                    + " storage and copy them back on restore (or pass --pki)."
        },
        subcommands = {BackupCreateCommand.class, BackupRestoreCommand.class})
public final class BackupCommand {}
