package org.jaring.node.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.TrustStore;
import org.jaring.core.trust.TrustStoreFile;
import org.jaring.node.store.RocksStore;

/**
 * Offline restore of a {@link Backups} folder into a new node home: verifies the backup first (manifest, the
 * checkpoint opened read-only with its node ID and schema version, the trust store's owner, node.yaml's
 * node_id), then lays out node.yaml, data/ and trust/ as {@code jaring node init} would. The pki/ folder is not
 * in backups; it comes from {@code pkiFrom} when given (its CA must be the trust store's), otherwise the admin
 * copies it back before starting the node.
 */
public final class BackupRestore {
    /** What was restored, and what the admin still has to do. */
    public record Result(String nodeId, long sequence, List<String> written, boolean pkiRestored, List<String> todo) {}

    private BackupRestore() {}

    public static Result restore(Path from, Path home, Path pkiFrom) throws IOException {
        Verified v = verify(from);
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
        if (pkiFrom != null) {
            checkPki(pkiFrom, v.trust());
        }
        Files.createDirectories(home);
        List<String> written = new ArrayList<>();
        copyTree(from.resolve(Backups.DATA), home.resolve("data"));
        written.add("data/ (store checkpoint, sequence " + v.sequence() + ")");
        copyTree(from.resolve(Backups.TRUST), home.resolve("trust"));
        written.add("trust/" + TrustStoreFile.FILE_NAME);
        Files.writeString(home.resolve("node.yaml"), homeRelative(Files.readString(from.resolve(Backups.CONFIG))));
        written.add("node.yaml");
        List<String> todo = new ArrayList<>();
        if (pkiFrom != null) {
            copyTree(pkiFrom, home.resolve("pki"));
            written.add("pki/ (from " + pkiFrom + ")");
        } else {
            todo.add("copy this node's pki/ folder (ca.pem, node.pem, node.key and the admin's certificate and key)"
                    + " from your key storage into " + home.resolve("pki") + ": backups never contain keys");
        }
        todo.add("check node.yaml's listen addresses and passphrase variable for this machine, then start the node:"
                + " java -jar jaring-node.jar " + home.resolve("node.yaml"));
        return new Result(v.nodeId(), v.sequence(), written, pkiFrom != null, todo);
    }

    private record Verified(String nodeId, long sequence, TrustStore trust) {}

    /** Checks a backup folder without changing anything; the problem names what is wrong. */
    public static void check(Path from) throws IOException {
        verify(from);
    }

    private static Verified verify(Path from) throws IOException {
        Path manifestFile = from.resolve(Backups.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IOException(from + " is not a complete backup: " + Backups.MANIFEST + " is missing");
        }
        JsonNode m = new ObjectMapper().readTree(manifestFile.toFile());
        if (m.path("format").asInt() != Backups.FORMAT) {
            throw new IOException(manifestFile + " has format "
                    + m.path("format").asText() + "; this version reads format " + Backups.FORMAT);
        }
        String nodeId = m.path("node_id").asText();
        for (JsonNode f : m.path("files")) {
            Path p = from.resolve(f.path("path").asText()).normalize();
            if (!p.startsWith(from)
                    || !Files.isRegularFile(p)
                    || Files.size(p) != f.path("size_bytes").asLong()) {
                throw new IOException("backup file " + f.path("path").asText() + " is missing or has another size"
                        + " than the manifest records; the backup is damaged");
            }
        }
        String[] identity = RocksStore.readIdentity(from.resolve(Backups.DATA));
        if (!identity[1].equals(nodeId)) {
            throw new IOException(
                    "the store in the backup belongs to '" + identity[1] + "', the manifest says '" + nodeId + "'");
        }
        if (Integer.parseInt(identity[0]) > RocksStore.schemaVersion()) {
            throw new IOException("the backup has schema version " + identity[0] + "; this Jaring understands up"
                    + " to " + RocksStore.schemaVersion() + ": restore with a newer version");
        }
        TrustStore trust = TrustStore.open(from.resolve(Backups.TRUST), Clock.systemUTC());
        if (!trust.snapshot().ownNodeId().value().equals(nodeId)) {
            throw new IOException("the trust store in the backup belongs to "
                    + trust.snapshot().ownNodeId());
        }
        Path config = from.resolve(Backups.CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new IOException("the backup has no node.yaml (the node was started without a configuration"
                    + " file); write one with 'jaring node init' settings before restoring");
        }
        JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(config.toFile());
        if (yaml == null || !nodeId.equals(yaml.path("node_id").asText())) {
            throw new IOException("node.yaml in the backup is for '"
                    + (yaml == null ? "" : yaml.path("node_id").asText()) + "', not " + nodeId);
        }
        return new Verified(nodeId, m.path("sequence").asLong(), trust);
    }

    private static void checkPki(Path pki, TrustStore trust) throws IOException {
        for (String name : List.of("ca.pem", "node.pem", "node.key")) {
            if (!Files.isRegularFile(pki.resolve(name))) {
                throw new IOException("--pki " + pki + " has no " + name);
            }
        }
        String fp = Fingerprints.sha256(
                PemFiles.readCertificates(pki.resolve("ca.pem")).get(0));
        if (!fp.equals(Fingerprints.sha256(trust.snapshot().ownCa()))) {
            throw new IOException(pki.resolve("ca.pem") + " is not the national CA recorded in the backup's trust"
                    + " store; use this node's own pki/ folder");
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

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
