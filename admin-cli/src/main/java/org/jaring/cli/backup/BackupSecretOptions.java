package org.jaring.cli.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.jaring.cli.UserError;
import org.jaring.cli.support.Secrets;
import org.jaring.core.backup.BackupSecret;
import picocli.CommandLine.Option;

/**
 * The secret a backup is encrypted with, as the CA key's passphrase is taken: never as a command-line value
 * (it would show in the process list and the shell history), but from a named environment variable, a key file,
 * or a prompt without echo when a person is at a terminal.
 */
public final class BackupSecretOptions {
    @Option(
            names = "--passphrase-env",
            paramLabel = "VAR",
            description = "Environment variable that holds the backup passphrase (at least "
                    + BackupSecret.MIN_PASSPHRASE_CHARS + " characters; stretched with scrypt).")
    String passphraseEnv;

    @Option(
            names = "--key-file",
            paramLabel = "FILE",
            description = "File of exactly 32 random bytes (openssl rand -out FILE 32), readable only by you.")
    Path keyFile;

    /** The secret for a new backup: a prompted passphrase is asked twice, and a short one is refused. */
    BackupSecret forCreate() {
        return read(true);
    }

    /** The secret to open an existing backup. */
    BackupSecret forRestore() {
        return read(false);
    }

    private BackupSecret read(boolean create) {
        if (passphraseEnv != null && keyFile != null) {
            throw new UserError("give either --passphrase-env or --key-file, not both");
        }
        if (keyFile != null) {
            return readKeyFile(keyFile);
        }
        char[] passphrase;
        if (passphraseEnv != null) {
            passphrase = Secrets.fromEnv("--passphrase-env", passphraseEnv);
        } else {
            passphrase =
                    create ? Secrets.promptNew("Backup passphrase: ") : Secrets.prompt("Passphrase of the backup: ");
            if (passphrase == null) {
                throw new UserError("backups are encrypted and there is no terminal to ask for the passphrase;"
                        + " pass --passphrase-env VAR (the passphrase in the environment variable VAR) or"
                        + " --key-file FILE");
            }
        }
        try {
            if (create && passphrase.length < BackupSecret.MIN_PASSPHRASE_CHARS) {
                throw new UserError("the backup passphrase has " + passphrase.length + " characters; use at least "
                        + BackupSecret.MIN_PASSPHRASE_CHARS + " (a few random words), or a key file");
            }
            return BackupSecret.passphrase(passphrase);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    /** The key file's 32 bytes; a file others may read is refused, as ssh refuses a readable private key. */
    static BackupSecret readKeyFile(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserError("--key-file " + file + " is not a plain file");
            }
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
                mode.retainAll(EnumSet.complementOf(EnumSet.of(
                        PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE)));
                if (!mode.isEmpty()) {
                    throw new UserError("--key-file " + file + " can be read or changed by other users; run chmod 600 "
                            + file + " (and consider the key exposed if others could read it)");
                }
            }
            byte[] key = Files.readAllBytes(file);
            try {
                return BackupSecret.keyFile(key);
            } catch (IllegalArgumentException e) {
                throw new UserError("--key-file " + file + ": " + e.getMessage());
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (NoSuchFileException e) {
            throw new UserError("--key-file " + file + " does not exist");
        } catch (IOException e) {
            throw new UserError("cannot read --key-file " + file + ": " + e.getMessage());
        }
    }
}
