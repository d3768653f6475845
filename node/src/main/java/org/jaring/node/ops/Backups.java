package org.jaring.node.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jaring.core.failure.ConflictException;
import org.jaring.core.failure.InvalidInputException;
import org.jaring.core.failure.StorageException;
import org.jaring.core.text.SafeText;
import org.jaring.core.trust.TrustStore;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.AuditKind;
import org.jaring.v1.BackupFile;
import org.jaring.v1.CreateBackupRequest;
import org.jaring.v1.CreateBackupResponse;
import org.rocksdb.RocksDBException;

/**
 * Online backup of a running node into a folder on its own machine: a RocksDB checkpoint of the store
 * ({@value #DATA}), a copy of the trust store ({@value #TRUST}), node.yaml, and a manifest ({@value #MANIFEST})
 * written last, so a folder with a manifest is a complete backup. The pki/ keys are never copied: they are
 * kept in the admin's key storage and copied back on restore.
 */
public final class Backups {
    public static final String MANIFEST = "backup.json";
    public static final String DATA = "data";
    public static final String TRUST = "trust";
    public static final String CONFIG = "node.yaml";
    public static final int FORMAT = 1;
    private static final Logger LOG = Logger.getLogger(Backups.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String nodeId;
    private final RocksStore store;
    private final TrustStore trust;
    private final Path configFile;
    private final Clock clock;
    /** Records every backup taken (admin, folder, store sequence). */
    private final AuditLog audit;

    /** {@code configFile} is null for a configuration parsed from text: there is no node.yaml to copy. */
    public Backups(String nodeId, RocksStore store, TrustStore trust, Path configFile, Clock clock, AuditLog audit) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.store = Objects.requireNonNull(store, "store");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.configFile = configFile;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    public synchronized CreateBackupResponse create(CreateBackupRequest request, String admin) {
        String text = request.getDirectory().trim();
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
        if (dir.startsWith(store.directory()) || store.directory().startsWith(dir)) {
            throw new InvalidInputException("directory", dir + " overlaps the node's data folder");
        }
        try {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new ConflictException(dir + " exists and is not a folder");
                }
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new ConflictException(dir + " is not empty; back up into a new or empty folder");
                    }
                }
            }
            Files.createDirectories(dir);
            long sequence = store.latestSequence();
            store.checkpoint(dir.resolve(DATA));
            Files.createDirectories(dir.resolve(TRUST));
            Files.copy(
                    trust.path(),
                    dir.resolve(TRUST).resolve(trust.path().getFileName()),
                    StandardCopyOption.COPY_ATTRIBUTES);
            if (configFile != null) {
                Files.copy(configFile, dir.resolve(CONFIG), StandardCopyOption.COPY_ATTRIBUTES);
            }
            long created = clock.millis();
            CreateBackupResponse.Builder response = CreateBackupResponse.newBuilder()
                    .setDirectory(dir.toString())
                    .setNodeId(nodeId)
                    .setSequence(sequence)
                    .setCreated(Timestamps.fromMillis(created));
            long total = 0;
            for (Path f : files(dir)) {
                long size = Files.size(f);
                total += size;
                response.addFiles(BackupFile.newBuilder()
                        .setPath(dir.relativize(f).toString())
                        .setSizeBytes(size));
            }
            response.setTotalBytes(total);
            writeManifest(dir, response.build());
            LOG.info("backup by " + admin + " into " + SafeText.quote(dir.toString()) + ": sequence " + sequence + ", "
                    + total + " bytes");
            audit.record(
                    AuditKind.AUDIT_KIND_ADMIN_ACTION,
                    admin,
                    "backup create",
                    "directory",
                    dir.toString(),
                    "store_sequence",
                    Long.toString(response.getSequence()));
            return response.build();
        } catch (RocksDBException e) {
            throw new StorageException("the checkpoint into " + dir + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StorageException("the backup into " + dir + " failed: " + e, e);
        }
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void writeManifest(Path dir, CreateBackupResponse r) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", FORMAT);
        m.put("node_id", r.getNodeId());
        m.put("schema_version", RocksStore.schemaVersion());
        m.put("sequence", r.getSequence());
        m.put("created", Timestamps.toString(r.getCreated()));
        m.put("config_included", Files.exists(dir.resolve(CONFIG)));
        m.put("pki_included", false);
        ArrayNode files = m.putArray("files");
        for (BackupFile f : r.getFilesList()) {
            files.addObject().put("path", f.getPath()).put("size_bytes", f.getSizeBytes());
        }
        m.put("total_bytes", r.getTotalBytes());
        Path tmp = dir.resolve(MANIFEST + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(m));
        Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
    }
}
