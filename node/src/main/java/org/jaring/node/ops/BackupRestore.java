package org.jaring.node.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.jaring.core.backup.BackupCipher;
import org.jaring.core.backup.BackupCipher.BackupIntegrityException;
import org.jaring.core.backup.BackupKey;
import org.jaring.core.backup.BackupSecret;
import org.jaring.core.text.SafeText;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustStoreFile;
import org.jaring.node.ops.BackupLayout.Entry;
import org.jaring.node.ops.BackupLayout.Header;
import org.jaring.node.ops.BackupLayout.Manifest;
import org.jaring.node.store.RocksStore;

/**
 * Offline restore of an encrypted {@link Backups} folder into a new node home. Nothing is written to the target
 * unless the whole backup checks out:
 * <ol>
 *   <li>the header, the secret (the key check), the manifest (AES-GCM, bound to the header) and its paths;
 *   <li>the folder itself: no links or special files, no file the manifest does not list, none missing, every
 *       size as recorded;
 *   <li>every file decrypted into a private staging folder beside the target, each GCM tag and SHA-256 checked;
 *   <li>the staged store opened read-only (node ID, schema version), the trust store's owner, node.yaml's node_id,
 *       and with {@code pkiFrom} that its CA is the trust store's.
 * </ol>
 * Only then is the staging folder renamed to the target; on any failure it is deleted and the target is as before.
 * The pki/ folder is not in backups; it comes from {@code pkiFrom} when given, otherwise the admin copies it back.
 */
public final class BackupRestore {
    /** What was restored, and what the admin still has to do. */
    public record Result(String nodeId, long sequence, List<String> written, boolean pkiRestored, List<String> todo) {}

    private BackupRestore() {}

    public static Result restore(Path from, Path home, Path pkiFrom, BackupSecret secret) throws IOException {
        Objects.requireNonNull(secret, "secret");
        Path root = backupFolder(from);
        Opened opened = open(root, secret);
        try (BackupKey key = opened.key()) {
            checkFolder(root, opened.manifest());
            checkTarget(home);
            return stageAndMove(root, home, pkiFrom, opened.manifest(), key);
        }
    }

    private record Opened(BackupKey key, Manifest manifest) {}

    private static Path backupFolder(Path from) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IOException(from + " is not a folder; --from takes the folder 'jaring backup create' wrote");
        }
        return from.toRealPath();
    }

    /** Header, key and manifest: everything that can be checked before the files are read. */
    private static Opened open(Path root, BackupSecret secret) throws IOException {
        Path headerFile = root.resolve(BackupLayout.HEADER);
        if (!Files.exists(headerFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(root + " is not a backup: " + BackupLayout.HEADER + " is missing");
        }
        byte[] headerBytes = readSmall(headerFile, BackupLayout.HEADER, BackupLayout.MAX_HEADER_BYTES);
        Header header = BackupLayout.parseHeader(headerBytes);
        Path manifestFile = root.resolve(BackupLayout.MANIFEST);
        if (!Files.exists(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(root + " is not a complete backup: " + BackupLayout.MANIFEST
                    + " is missing (it is written last; the backup was interrupted or the file was removed)");
        }
        byte[] sealed = readSmall(manifestFile, BackupLayout.MANIFEST, BackupLayout.MAX_MANIFEST_BYTES);
        BackupKey key;
        try {
            key = secret.derive(header.derivation());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        try {
            if (!key.matches(header.keyCheck())) {
                throw new IOException("wrong " + (secret.isPassphrase() ? "passphrase" : "key file")
                        + ": it does not derive the key this backup was made with (the key check in "
                        + BackupLayout.HEADER + " differs); give the secret used for 'jaring backup create'");
            }
            byte[] encryption = key.encryptionKey();
            Manifest manifest;
            try {
                manifest = BackupLayout.parseManifest(BackupCipher.openManifest(sealed, encryption, headerBytes));
            } catch (BackupIntegrityException e) {
                throw new IOException(BackupLayout.MANIFEST + " " + e.getMessage(), e);
            } finally {
                java.util.Arrays.fill(encryption, (byte) 0);
            }
            if (!manifest.nodeId().equals(header.nodeId())) {
                throw new IOException("the manifest is for " + SafeText.quote(manifest.nodeId()) + ", the header for "
                        + SafeText.quote(header.nodeId()));
            }
            if (!manifest.config()) {
                throw new IOException("the backup has no node.yaml (the node was started without a configuration"
                        + " file); write one with 'jaring node init' settings before restoring");
            }
            return new Opened(key, manifest);
        } catch (IOException | RuntimeException e) {
            key.close();
            throw e;
        }
    }

    /**
     * The folder holds exactly the manifest's files, header and manifest, and the folders they are in: a link,
     * special file, extra or missing file, or a size other than the manifest's is refused before anything is read.
     */
    private static void checkFolder(Path root, Manifest manifest) throws IOException {
        Map<String, Entry> expected = new HashMap<>();
        for (Entry e : manifest.files()) {
            expected.put(e.path(), e);
        }
        Map<String, Long> found = new HashMap<>();
        List<String> problems = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String rel = relative(root, dir);
                if (!rel.isEmpty() && !rel.equals(BackupLayout.DATA) && !rel.equals(BackupLayout.TRUST)) {
                    problems.add(rel + "/ is a folder no backup has");
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(root, file);
                if (attrs.isSymbolicLink()) {
                    problems.add(rel + " is a symbolic link; a backup holds none (restore never follows links)");
                } else if (!attrs.isRegularFile()) {
                    problems.add(rel + " is not a plain file");
                } else if (!expected.containsKey(rel)
                        && !rel.equals(BackupLayout.HEADER)
                        && !rel.equals(BackupLayout.MANIFEST)) {
                    problems.add(rel + " is not in the manifest (an extra file)");
                } else {
                    found.put(rel, attrs.size());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                problems.add(relative(root, file) + " cannot be read: " + e);
                return FileVisitResult.CONTINUE;
            }
        });
        for (Entry e : manifest.files()) {
            Long size = found.get(e.path());
            if (size == null) {
                if (!problems.stream().anyMatch(p -> p.startsWith(e.path() + " "))) {
                    problems.add(e.path() + " is missing");
                }
            } else if (size != e.size() + BackupCipher.OVERHEAD) {
                problems.add(
                        e.path() + " has " + size + " bytes, the manifest records " + (e.size() + BackupCipher.OVERHEAD)
                                + " (" + e.size() + " of content): it was truncated or altered");
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException("the backup " + root + " is damaged or was altered: " + String.join("; ", problems));
        }
    }

    private static String relative(Path root, Path p) {
        // Names in the folder are not ours (an extra file can be called anything): escaped before they are printed.
        return SafeText.line(root.relativize(p).toString(), SafeText.LOG_CAP);
    }

    private static void checkTarget(Path home) throws IOException {
        if (Files.isSymbolicLink(home)) {
            throw new IOException(home + " is a symbolic link; restore into a real, new or empty folder");
        }
        if (Files.exists(home)) {
            if (!Files.isDirectory(home)) {
                throw new IOException(home + " exists and is not a folder");
            }
            try (Stream<Path> s = Files.list(home)) {
                if (s.findAny().isPresent()) {
                    throw new IOException(home + " is not empty; restore into a new or empty folder");
                }
            }
        }
    }

    private static Result stageAndMove(Path root, Path home, Path pkiFrom, Manifest manifest, BackupKey key)
            throws IOException {
        Path parent = home.toAbsolutePath().getParent();
        Path createdTop = OwnerOnly.createDirectories(parent);
        Path staging = parent.resolve("." + home.getFileName() + ".restore-" + UUID.randomUUID());
        boolean moved = false;
        try {
            OwnerOnly.createDirectory(staging);
            decryptAll(root, staging, manifest, key);
            TrustStore trust = checkStaged(staging, manifest);
            List<String> written = new ArrayList<>();
            written.add("data/ (store checkpoint, sequence " + manifest.sequence() + ")");
            written.add("trust/" + TrustStoreFile.FILE_NAME);
            Path config = staging.resolve(BackupLayout.CONFIG);
            Files.writeString(config, homeRelative(Files.readString(config)));
            written.add("node.yaml");
            List<String> todo = new ArrayList<>();
            if (pkiFrom != null) {
                checkPki(pkiFrom, trust);
                copyPki(pkiFrom, staging.resolve("pki"));
                written.add("pki/ (from " + pkiFrom + ")");
            } else {
                todo.add("copy this node's pki/ folder (ca.pem, node.pem, node.key and the admin's certificate and"
                        + " key) from your key storage into " + home.resolve("pki")
                        + ": backups never contain keys");
            }
            todo.add("check node.yaml's listen addresses and passphrase variable for this machine, then start the"
                    + " node: java -jar jaring-node.jar " + home.resolve("node.yaml"));
            if (Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(home); // checked empty above; the staged folder takes its place
            }
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            return new Result(manifest.nodeId(), manifest.sequence(), written, pkiFrom != null, todo);
        } finally {
            if (!moved) {
                Backups.deleteTree(staging);
                removeCreated(createdTop, parent);
            }
        }
    }

    /** Each file decrypted into the staging folder under its checked path, its tag, size and SHA-256 verified. */
    private static void decryptAll(Path root, Path staging, Manifest manifest, BackupKey key) throws IOException {
        byte[] encryption = key.encryptionKey();
        try {
            for (Entry e : manifest.files()) {
                Path target = staging.resolve(e.path()).normalize();
                if (!target.startsWith(staging) || target.equals(staging)) {
                    throw new IOException(e.path() + " would be written outside the target folder");
                }
                if (!Files.isDirectory(target.getParent(), LinkOption.NOFOLLOW_LINKS)) {
                    OwnerOnly.createDirectory(target.getParent());
                }
                BackupCipher.Plain plain;
                try (InputStream in = Files.newInputStream(root.resolve(e.path()), LinkOption.NOFOLLOW_LINKS);
                        OutputStream out = OwnerOnly.newFile(target)) {
                    plain = BackupCipher.decrypt(in, out, encryption, e.path());
                } catch (BackupIntegrityException x) {
                    throw new IOException(e.path() + " " + x.getMessage(), x);
                }
                if (plain.size() != e.size() || !plain.sha256().equals(e.sha256())) {
                    throw new IOException(e.path() + " does not match the manifest's size and SHA-256: it was"
                            + " altered or replaced");
                }
            }
        } finally {
            java.util.Arrays.fill(encryption, (byte) 0);
        }
    }

    /** The staged store, trust store and node.yaml all belong to the node the manifest names. */
    private static TrustStore checkStaged(Path staging, Manifest m) throws IOException {
        String nodeId = m.nodeId();
        String[] identity;
        try {
            identity = RocksStore.readIdentity(staging.resolve(BackupLayout.DATA));
        } catch (RuntimeException e) {
            throw new IOException("the store in the backup does not open: " + e.getMessage(), e);
        }
        if (!identity[1].equals(nodeId)) {
            throw new IOException("the store in the backup belongs to " + SafeText.quote(identity[1])
                    + ", the manifest says " + SafeText.quote(nodeId));
        }
        if (Integer.parseInt(identity[0]) > RocksStore.schemaVersion()) {
            throw new IOException("the backup has schema version " + identity[0] + "; this Jaring understands up"
                    + " to " + RocksStore.schemaVersion() + ": restore with a newer version");
        }
        TrustStore trust = TrustStore.open(staging.resolve(BackupLayout.TRUST), Clock.systemUTC());
        if (!trust.snapshot().ownNodeId().value().equals(nodeId)) {
            throw new IOException("the trust store in the backup belongs to "
                    + trust.snapshot().ownNodeId());
        }
        JsonNode yaml = new ObjectMapper(new YAMLFactory())
                .readTree(Files.readString(staging.resolve(BackupLayout.CONFIG), StandardCharsets.UTF_8));
        if (yaml == null || !nodeId.equals(yaml.path("node_id").asText())) {
            throw new IOException("node.yaml in the backup is for "
                    + SafeText.quote(yaml == null ? "" : yaml.path("node_id").asText()) + ", not " + nodeId);
        }
        return trust;
    }

    private static void checkPki(Path pki, TrustStore trust) throws IOException {
        for (String name : List.of("ca.pem", "node.pem", "node.key")) {
            if (!Files.isRegularFile(pki.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("--pki " + pki + " has no " + name + " (as a plain file)");
            }
        }
        String fp = Fingerprints.sha256(
                PemFiles.readCertificates(pki.resolve("ca.pem")).get(0));
        if (!fp.equals(Fingerprints.sha256(trust.snapshot().ownCa()))) {
            throw new IOException(pki.resolve("ca.pem") + " is not the national CA recorded in the backup's trust"
                    + " store; use this node's own pki/ folder");
        }
    }

    /** The pki/ folder's plain files and folders, owner-only; a link in it is refused, not followed. */
    private static void copyPki(Path from, Path to) throws IOException {
        OwnerOnly.createDirectory(to);
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from)) {
                    OwnerOnly.createDirectory(to.resolve(from.relativize(dir).toString()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile()) {
                    throw new IOException("--pki " + from + " holds " + from.relativize(file)
                            + ", which is not a plain file (a link?); copy the real files into the folder");
                }
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
                        OutputStream out = OwnerOnly.newFile(
                                to.resolve(from.relativize(file).toString()))) {
                    in.transferTo(out);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Removes the folders this restore created above the target, from the deepest up, if still empty. */
    private static void removeCreated(Path top, Path deepest) {
        if (top == null) {
            return;
        }
        for (Path p = deepest; p != null && p.startsWith(top); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return; // not empty: something else lives there now
            }
        }
    }

    /** Points the data, trust and key paths at the standard places inside the new home; keeps comments. */
    static String homeRelative(String yaml) {
        return yaml.replaceAll("(?m)^data_dir:.*$", "data_dir: data")
                .replaceAll("(?m)^(\\s+)trust_dir:.*$", "$1trust_dir: trust")
                .replaceAll("(?m)^(\\s+)ca_certificate:.*$", "$1ca_certificate: pki/ca.pem")
                .replaceAll("(?m)^(\\s+)node_certificate:.*$", "$1node_certificate: pki/node.pem")
                .replaceAll("(?m)^(\\s+)node_key:.*$", "$1node_key: pki/node.key");
    }

    private static byte[] readSmall(Path file, String name, long cap) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new IOException(name + " is not a plain file (a link?); restore never follows links");
        }
        if (a.size() > cap) {
            throw new IOException(name + " has " + a.size() + " bytes, more than any backup writes (" + cap + ")");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes((int) cap + 1);
        }
    }
}
