package org.jaring.node.ops;

import com.google.protobuf.util.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jaring.core.backup.BackupCipher;
import org.jaring.core.backup.BackupKey;
import org.jaring.core.backup.KeyDerivation;
import org.jaring.core.failure.ConflictException;
import org.jaring.core.failure.InvalidInputException;
import org.jaring.core.failure.StorageException;
import org.jaring.core.text.SafeText;
import org.jaring.core.trust.TrustStore;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.ops.BackupLayout.Entry;
import org.jaring.node.ops.BackupLayout.Manifest;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.AuditKind;
import org.jaring.v1.BackupFile;
import org.jaring.v1.BackupKeyDerivation;
import org.jaring.v1.CreateBackupRequest;
import org.jaring.v1.CreateBackupResponse;
import org.rocksdb.RocksDBException;

/**
 * Online, encrypted backup of a running node into a folder on its own machine (format 2, {@link BackupLayout}):
 * a RocksDB checkpoint of the store, the trust store and node.yaml, each file AES-256-GCM encrypted with the key
 * the admin's CLI sent for this backup, and the encrypted manifest of their SHA-256 hashes written last, so a
 * folder with a manifest is a complete backup. The checkpoint is taken into a private (0700) folder beside the
 * data folder, on the same file system (hard links, no copy), and removed once encrypted: no plaintext is ever
 * written into the backup folder. The node keeps the key nowhere. The pki/ keys are never backed up.
 */
public final class Backups {
    /** Left over only when the node died during a backup; removed by the next backup. */
    static final String CHECKPOINT_PREFIX = ".jaring-backup-checkpoint-";

    private static final Logger LOG = Logger.getLogger(Backups.class.getName());

    private final String nodeId;
    private final RocksStore store;
    private final TrustStore trust;
    private final Path configFile;
    private final Clock clock;
    /** Records every backup taken (admin, folder, store sequence). */
    private final AuditLog audit;
    /** Nonces of the files and the manifest. */
    private final SecureRandom random;

    /** {@code configFile} is null for a configuration parsed from text: there is no node.yaml to copy. */
    public Backups(
            String nodeId,
            RocksStore store,
            TrustStore trust,
            Path configFile,
            Clock clock,
            AuditLog audit,
            SecureRandom random) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.store = Objects.requireNonNull(store, "store");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.configFile = configFile;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.random = Objects.requireNonNull(random, "random");
    }

    public synchronized CreateBackupResponse create(CreateBackupRequest request, String admin) {
        Path dir = directory(request.getDirectory());
        try (BackupKey key = key(request)) {
            prepare(dir);
            try {
                CreateBackupResponse response = write(dir, key);
                LOG.info("backup by " + admin + " into " + SafeText.quote(dir.toString()) + ": sequence "
                        + response.getSequence() + ", " + response.getTotalBytes() + " bytes");
                audit.record(
                        AuditKind.AUDIT_KIND_ADMIN_ACTION,
                        admin,
                        "backup create",
                        "directory",
                        dir.toString(),
                        "store_sequence",
                        Long.toString(response.getSequence()));
                return response;
            } catch (IOException | RocksDBException | RuntimeException e) {
                removeContents(dir); // the folder was empty: whatever is in it now is this failed backup
                throw e;
            }
        } catch (RocksDBException e) {
            throw new StorageException("the checkpoint for the backup into " + dir + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StorageException("the backup into " + dir + " failed: " + e, e);
        }
    }

    private Path directory(String requested) {
        String text = requested.trim();
        if (text.isEmpty()) {
            throw new InvalidInputException("directory", "missing; give an absolute folder on the node's machine");
        }
        Path dir = Path.of(text);
        if (!dir.isAbsolute()) {
            throw new InvalidInputException(
                    "directory",
                    "'" + text + "' is not absolute; the node resolves it on its"
                            + " own machine, so give the full path");
        }
        dir = dir.normalize();
        Path data = store.directory().toAbsolutePath().normalize();
        if (dir.startsWith(data) || data.startsWith(dir)) {
            throw new InvalidInputException("directory", dir + " overlaps the node's data folder");
        }
        return dir;
    }

    /** The request's key, refused when missing or malformed: the node never writes a backup in clear. */
    private static BackupKey key(CreateBackupRequest request) {
        if (!request.hasKey()) {
            throw new InvalidInputException(
                    "key",
                    "missing: backups are always encrypted; use the jaring CLI of this version, which derives the"
                            + " key from --passphrase-env or --key-file");
        }
        BackupKeyDerivation d = request.getKey().getDerivation();
        try {
            return BackupKey.of(
                    request.getKey().getMasterKey().toByteArray(),
                    KeyDerivation.of(
                            d.getAlgorithm(),
                            d.getSalt().toByteArray(),
                            d.getScryptLog2N(),
                            d.getScryptR(),
                            d.getScryptP()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("key", e.getMessage());
        }
    }

    /** A new folder (0700, with any missing parents), or an existing empty one, made owner-only. */
    private static void prepare(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new ConflictException(dir + " is a symbolic link; give the real folder");
        }
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new ConflictException(dir + " exists and is not a folder");
            }
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new ConflictException(dir + " is not empty; back up into a new or empty folder");
                }
            }
            if (OwnerOnly.posix()) {
                Files.setPosixFilePermissions(dir, OwnerOnly.DIRECTORY); // empty: nothing was ever readable
            }
        } else {
            OwnerOnly.createDirectories(dir);
        }
    }

    private CreateBackupResponse write(Path dir, BackupKey key) throws IOException, RocksDBException {
        Path data = store.directory().toAbsolutePath().normalize();
        removeStaleCheckpoints(data.getParent());
        Path scratch = data.resolveSibling(CHECKPOINT_PREFIX + UUID.randomUUID());
        OwnerOnly.createDirectory(scratch);
        byte[] encryption = key.encryptionKey();
        try {
            long sequence = store.latestSequence();
            Path checkpoint = scratch.resolve(BackupLayout.DATA);
            store.checkpoint(checkpoint);
            String created = Timestamps.toString(Timestamps.fromMillis(clock.millis()));
            byte[] header = BackupLayout.header(nodeId, created, key.derivation(), key.keyCheck());
            OwnerOnly.write(dir.resolve(BackupLayout.HEADER), header);
            List<Entry> entries = new ArrayList<>();
            OwnerOnly.createDirectory(dir.resolve(BackupLayout.DATA));
            for (Path f : regularFiles(checkpoint)) {
                entries.add(encrypt(f, dir, BackupLayout.DATA + "/" + f.getFileName(), encryption));
            }
            OwnerOnly.createDirectory(dir.resolve(BackupLayout.TRUST));
            entries.add(encrypt(
                    trust.path(), dir, BackupLayout.TRUST + "/" + trust.path().getFileName(), encryption));
            if (configFile != null) {
                entries.add(encrypt(configFile, dir, BackupLayout.CONFIG, encryption));
            }
            Manifest manifest =
                    new Manifest(nodeId, RocksStore.schemaVersion(), sequence, created, configFile != null, entries);
            byte[] sealed = BackupCipher.sealManifest(BackupLayout.manifest(manifest), encryption, header, random);
            Path tmp = dir.resolve(BackupLayout.MANIFEST + ".tmp");
            OwnerOnly.write(tmp, sealed);
            Files.move(tmp, dir.resolve(BackupLayout.MANIFEST), StandardCopyOption.ATOMIC_MOVE);
            return response(dir, sequence, created, entries);
        } finally {
            Arrays.fill(encryption, (byte) 0);
            deleteTree(scratch);
        }
    }

    private CreateBackupResponse response(Path dir, long sequence, String created, List<Entry> entries)
            throws IOException {
        CreateBackupResponse.Builder r;
        try {
            r = CreateBackupResponse.newBuilder()
                    .setDirectory(dir.toString())
                    .setNodeId(nodeId)
                    .setSequence(sequence)
                    .setCreated(Timestamps.parse(created));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("a timestamp this class formatted parses", e);
        }
        long total = 0;
        for (Entry e : entries) {
            r.addFiles(BackupFile.newBuilder()
                    .setPath(e.path())
                    .setSizeBytes(e.size())
                    .setSha256(e.sha256()));
            total += e.size();
        }
        return r.setTotalBytes(total).build();
    }

    private Entry encrypt(Path from, Path dir, String path, byte[] key) throws IOException {
        BackupLayout.checkPath(path); // never write a backup that restore would refuse
        BackupCipher.Plain plain;
        try (InputStream in = Files.newInputStream(from);
                OutputStream out = OwnerOnly.newFile(dir.resolve(path))) {
            plain = BackupCipher.encrypt(in, out, key, path, random);
        }
        return new Entry(path, plain.size(), plain.sha256());
    }

    static List<Path> regularFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.sorted().toList();
            for (Path p : all) {
                if (!Files.isRegularFile(p)) {
                    throw new IOException("the checkpoint holds " + p.getFileName()
                            + ", which is not a plain file; this version backs up only flat checkpoints");
                }
            }
            return all;
        }
    }

    /** Checkpoints a backup left when the node stopped in the middle: hard links, so they hold disk space. */
    private static void removeStaleCheckpoints(Path parent) throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(CHECKPOINT_PREFIX))
                    .toList()) {
                deleteTree(p);
            }
        }
    }

    private static void removeContents(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                deleteTree(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warning("could not remove the failed backup in " + SafeText.quote(dir.toString()) + ": " + e);
        }
    }

    /** Deletes a tree without following links (a link is removed, not its target). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
