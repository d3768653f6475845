package org.jaring.cli.support;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/** Copies that keep a private key private: the copy is 0600 before it holds a byte, and lands by rename. */
public final class SecureFiles {
    private SecureFiles() {}

    public static void copyAtomically(Path from, Path to, boolean secret) throws IOException {
        Path dir = to.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + to.getFileName() + ".tmp-" + UUID.randomUUID());
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        var mode = PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--");
        try {
            if (posix) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(mode));
                Files.setPosixFilePermissions(tmp, mode); // the umask may have narrowed or not; be explicit
            } else if (secret) {
                throw new IOException(to + ": file system has no POSIX permissions, refusing to copy a private key");
            } else {
                Files.createFile(tmp);
            }
            Files.write(tmp, Files.readAllBytes(from));
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
