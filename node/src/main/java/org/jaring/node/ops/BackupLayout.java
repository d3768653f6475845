package org.jaring.node.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jaring.core.backup.KeyDerivation;
import org.jaring.core.text.SafeText;

/**
 * The backup folder, format 2 (docs/operations.md, section 5): a plain header ({@value #HEADER}: format, node ID,
 * time, cipher, how the key is derived, the key check), the encrypted manifest ({@value #MANIFEST}: every file
 * with its size and SHA-256, bound to the header's exact bytes), and the encrypted files under their own paths.
 */
final class BackupLayout {
    static final String HEADER = "backup.json";
    static final String MANIFEST = "manifest.enc";
    static final String DATA = "data";
    static final String TRUST = "trust";
    static final String CONFIG = "node.yaml";
    static final int FORMAT = 2;
    static final String CIPHER = "AES-256-GCM";
    /** Header and manifest are small; a bigger file is not ours, and is not read into memory. */
    static final long MAX_HEADER_BYTES = 64 * 1024;

    static final long MAX_MANIFEST_BYTES = 16L << 20;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** The plain header: what restore needs before it has a key. Not secret, and authenticated by the manifest. */
    record Header(int format, String nodeId, String created, KeyDerivation derivation, byte[] keyCheck) {}

    /** One file of the backup: its path (also its place in the restored home), size and SHA-256 of its content. */
    record Entry(String path, long size, String sha256) {}

    /** The decrypted manifest. */
    record Manifest(
            String nodeId, int schemaVersion, long sequence, String created, boolean config, List<Entry> files) {}

    private BackupLayout() {}

    static byte[] header(String nodeId, String created, KeyDerivation d, byte[] keyCheck) {
        ObjectNode h = JSON.createObjectNode();
        h.put("format", FORMAT);
        h.put("node_id", nodeId);
        h.put("created", created);
        h.put("cipher", CIPHER);
        ObjectNode k = h.putObject("key_derivation");
        k.put("algorithm", d.algorithm());
        k.put("salt", Base64.getEncoder().encodeToString(d.salt()));
        if (d.algorithm().equals(KeyDerivation.SCRYPT)) {
            k.put("log2_n", d.log2N()).put("r", d.r()).put("p", d.p());
        }
        h.put("key_check", Base64.getEncoder().encodeToString(keyCheck));
        h.put("manifest", MANIFEST);
        return bytes(h);
    }

    static Header parseHeader(byte[] bytes) throws IOException {
        JsonNode h = tree(bytes, HEADER);
        int format = h.path("format").asInt(-1);
        if (format == 1) {
            throw new IOException(HEADER + " is an unencrypted format-1 backup of an earlier version; this version"
                    + " restores only encrypted backups (format 2): restore it with the version that made it, then"
                    + " take a new backup");
        }
        if (format != FORMAT) {
            throw new IOException(HEADER + " has format "
                    + SafeText.quote(h.path("format").asText()) + "; this version reads format " + FORMAT);
        }
        if (!CIPHER.equals(h.path("cipher").asText())) {
            throw new IOException(HEADER + " names the cipher "
                    + SafeText.quote(h.path("cipher").asText()) + "; this version knows " + CIPHER);
        }
        JsonNode k = h.path("key_derivation");
        KeyDerivation d;
        try {
            d = KeyDerivation.of(
                    k.path("algorithm").asText(),
                    base64(k.path("salt")),
                    k.path("log2_n").asInt(0),
                    k.path("r").asInt(0),
                    k.path("p").asInt(0));
        } catch (IllegalArgumentException e) {
            throw new IOException(HEADER + ": key_derivation is not acceptable: " + e.getMessage(), e);
        }
        byte[] check = base64(h.path("key_check"));
        if (check == null || check.length != 32) {
            throw new IOException(HEADER + ": key_check is missing or not 32 bytes of base64");
        }
        return new Header(format, h.path("node_id").asText(), h.path("created").asText(), d, check);
    }

    static byte[] manifest(Manifest m) {
        ObjectNode j = JSON.createObjectNode();
        j.put("format", FORMAT);
        j.put("node_id", m.nodeId());
        j.put("schema_version", m.schemaVersion());
        j.put("sequence", m.sequence());
        j.put("created", m.created());
        j.put("config_included", m.config());
        j.put("pki_included", false);
        ArrayNode files = j.putArray("files");
        long total = 0;
        for (Entry e : m.files()) {
            files.addObject().put("path", e.path()).put("size_bytes", e.size()).put("sha256", e.sha256());
            total += e.size();
        }
        j.put("total_bytes", total);
        return bytes(j);
    }

    /** The manifest's entries, each path checked by {@link #checkPath}, no path twice. */
    static Manifest parseManifest(byte[] bytes) throws IOException {
        JsonNode j = tree(bytes, MANIFEST);
        if (j.path("format").asInt(-1) != FORMAT) {
            throw new IOException(
                    MANIFEST + " has format " + SafeText.quote(j.path("format").asText()));
        }
        List<Entry> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode f : j.path("files")) {
            String path = checkPath(f.path("path").asText());
            if (!seen.add(path)) {
                throw new IOException("the manifest lists " + SafeText.quote(path) + " twice");
            }
            long size = f.path("size_bytes").asLong(-1);
            String sha = f.path("sha256").asText();
            if (size < 0 || !HEX64.matcher(sha).matches()) {
                throw new IOException(MANIFEST + " has no valid size or SHA-256 for " + SafeText.quote(path));
            }
            files.add(new Entry(path, size, sha));
        }
        return new Manifest(
                j.path("node_id").asText(),
                j.path("schema_version").asInt(-1),
                j.path("sequence").asLong(),
                j.path("created").asText(),
                j.path("config_included").asBoolean(),
                List.copyOf(files));
    }

    /**
     * A backup path as restore will write it: relative, '/'-separated, plain names only (no '..', '.', empty or
     * absolute parts, no backslash or drive letter), and only where a backup has files: {@code data/NAME},
     * {@code trust/trust-store.json}, {@code node.yaml}. Anything else is refused, naming the path.
     */
    static String checkPath(String path) throws IOException {
        String problem = pathProblem(path);
        if (problem != null) {
            throw new IOException("the manifest lists " + SafeText.quote(path) + ", which restore refuses: " + problem);
        }
        return path;
    }

    private static String pathProblem(String path) {
        if (path.isEmpty()) {
            return "the path is empty";
        }
        if (path.startsWith("/") || path.startsWith("\\") || path.contains(":")) {
            return "it is an absolute path";
        }
        if (path.contains("\\")) {
            return "it contains a backslash";
        }
        String[] parts = path.split("/", -1);
        for (String part : parts) {
            if (part.equals("..")) {
                return "it has a '..' part, which would leave the target folder";
            }
            if (part.isEmpty() || part.equals(".")) {
                return "it has an empty or '.' part";
            }
            if (!SEGMENT.matcher(part).matches()) {
                return "a part has characters other than letters, digits, '.', '_' and '-'";
            }
        }
        boolean known = (parts.length == 2 && parts[0].equals(DATA))
                || path.equals(TRUST + "/trust-store.json")
                || path.equals(CONFIG);
        return known ? null : "a backup has files only in data/, trust/trust-store.json and node.yaml";
    }

    private static JsonNode tree(byte[] bytes, String name) throws IOException {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new IOException(name + " is not a JSON object; it was altered or replaced");
            }
            return n;
        } catch (JsonProcessingException e) {
            // Jackson's own text would quote the bytes it choked on, which are attacker-controlled: give the place.
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new IOException(name + " is not valid JSON" + where + ": it was altered or cut short", e);
        }
    }

    private static byte[] base64(JsonNode n) throws IOException {
        if (!n.isTextual()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(n.asText());
        } catch (IllegalArgumentException e) {
            throw new IOException(HEADER + " has a value that is not base64: it was altered", e);
        }
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }
}
