package org.jaring.node.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Folders (0700) and files (0600) that only their owner can open, with the mode given to the system call that
 * creates them, so there is no moment in which another user could open them. Files are created new (never through
 * an existing name, which could be a link planted by someone else). On a file system without POSIX permissions
 * the mode is left to the system; the content of a backup is encrypted either way.
 */
final class OwnerOnly {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] mode(Set<PosixFilePermission> mode) {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} (its parent must exist); fails if anything already has that name. */
    static void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir, mode(DIRECTORY));
    }

    /** Creates the missing folders down to {@code dir}, each 0700; returns the topmost one created, or null. */
    static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Path top = null;
        for (int i = 1; i <= absolute.getNameCount(); i++) {
            Path p = absolute.getRoot().resolve(absolute.subpath(0, i));
            if (!Files.isDirectory(p)) {
                createDirectory(p);
                if (top == null) {
                    top = p;
                }
            }
        }
        return top;
    }

    /** A new file, 0600 from its creation; fails if the name exists (also as a link). */
    static OutputStream newFile(Path file) throws IOException {
        return Channels.newOutputStream(Files.newByteChannel(
                file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), mode(FILE)));
    }

    /** Writes {@code bytes} into a new file, 0600 from its creation. */
    static void write(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = newFile(file)) {
            out.write(bytes);
        }
    }
}
