package org.jaring.cli.backup;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Timestamps;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.core.backup.BackupKey;
import org.jaring.core.backup.BackupSecret;
import org.jaring.core.backup.KeyDerivation;
import org.jaring.v1.BackupKeyDerivation;
import org.jaring.v1.CreateBackupRequest;
import org.jaring.v1.CreateBackupResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jaring backup create --to DIR}: the running node checkpoints itself into DIR on its own machine,
 * encrypted. The key is derived here from the admin's secret with a fresh salt and sent over the admin channel
 * for this one backup; the secret itself never leaves the CLI.
 */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        header = "Back up the running node, encrypted, into a folder on the node's machine.",
        description = {
            "Asks the running node (admin service) for a consistent RocksDB checkpoint of its store,"
                    + " its trust store and node.yaml, each file encrypted with AES-256-GCM and listed with its"
                    + " SHA-256 in an encrypted manifest, written into DIR on the node's machine (folders 0700, files"
                    + " 0600). The node keeps serving. DIR must not exist or be empty.",
            "The key comes from --passphrase-env VAR (scrypt) or --key-file FILE (HKDF), or a passphrase asked on"
                    + " the terminal; a new key per backup is derived here and the secret never leaves this process.",
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

    @Mixin
    BackupSecretOptions secret;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CreateBackupRequest request;
        try (BackupSecret s = secret.forCreate();
                BackupKey key = s.newKey(new SecureRandom())) {
            request = CreateBackupRequest.newBuilder()
                    .setDirectory(to.toAbsolutePath().normalize().toString())
                    .setKey(wire(key))
                    .build();
        }
        ManagedChannel channel = connection.openAdmin();
        try {
            CreateBackupResponse r = connection.admin(channel).createBackup(request);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Backed up node %s into %s%n", r.getNodeId(), r.getDirectory());
            out.printf("  store sequence %d, taken %s%n", r.getSequence(), Timestamps.toString(r.getCreated()));
            out.printf("  %d files, %d bytes, encrypted (AES-256-GCM)%n", r.getFilesCount(), r.getTotalBytes());
            out.println("  not included: pki/ (keys). Restore with: jaring backup restore --from " + r.getDirectory()
                    + " --home NEWHOME [--pki PKI_DIR] and the same passphrase or key file");
            out.flush();
            return 0;
        } finally {
            NodeConnection.close(channel);
        }
    }

    private static org.jaring.v1.BackupKey wire(BackupKey key) {
        KeyDerivation d = key.derivation();
        byte[] master = key.master();
        try {
            return org.jaring.v1.BackupKey.newBuilder()
                    .setMasterKey(ByteString.copyFrom(master))
                    .setDerivation(BackupKeyDerivation.newBuilder()
                            .setAlgorithm(d.algorithm())
                            .setSalt(ByteString.copyFrom(d.salt()))
                            .setScryptLog2N(d.log2N())
                            .setScryptR(d.r())
                            .setScryptP(d.p()))
                    .build();
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }
}
