package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jaring.core.backup.BackupCipher;
import org.jaring.core.backup.BackupKey;
import org.jaring.core.backup.BackupSecret;
import org.jaring.core.backup.KeyDerivation;
import org.jaring.node.ops.BackupRestore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One encrypted backup of a real running node, then one way of damaging or forging a copy of it per test: each
 * is refused by 'jaring backup restore' with a message that names the file and the problem, and the target is
 * left as it was (not created, or still empty), with no staging folder left beside it.
 */
class BackupTamperTest {
    @TempDir
    static Path shared;

    static Path backup;
    static Path keyFile;

    @TempDir
    Path dir;

    @BeforeAll
    static void oneBackupOfARunningNode() throws Exception {
        keyFile = shared.resolve("backup.key");
        writeKey(keyFile, 1);
        backup = shared.resolve("backup");
        try (CliNode th = CliNode.init(shared.resolve("th"), "TH-CCIB").start()) {
            th.holds("TH-2026-0001", "asean-parcel-redelivery.com");
            th.cli("backup", "create", "--to", backup.toString(), "--key-file", keyFile.toString())
                    .ok();
        }
        BackupRestoreTest.assertOwnerOnly(backup);
    }

    private static void writeKey(Path file, long seed) throws IOException {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        if (OwnerOnlyFiles.posix()) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.FILE));
        }
        Files.write(file, key);
    }

    /** A fresh copy of the backup to damage. */
    private Path copy() throws IOException {
        Path to = dir.resolve("copy");
        try (Stream<Path> s = Files.walk(backup)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(backup.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    private CliNode.Run restore(Path from, Path home, String... secret) {
        List<String> args = new java.util.ArrayList<>(
                List.of("backup", "restore", "--from", from.toString(), "--home", home.toString()));
        args.addAll(secret.length == 0 ? List.of("--key-file", keyFile.toString()) : List.of(secret));
        return CliNode.run(args.toArray(String[]::new));
    }

    /** Refused, with every fragment in the message; the target not created and nothing left beside it. */
    private void assertRefused(Path from, String... fragments) throws IOException {
        Path home = dir.resolve("home");
        CliNode.Run r = restore(from, home);
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).contains("not restored").contains(fragments);
        assertThat(home).doesNotExist();
        assertThat(BackupRestoreTest.leftovers(dir)).isEmpty();
    }

    private static Path largestDataFile(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("data"))) {
            return s.max(Comparator.comparingLong(BackupTamperTest::size)).orElseThrow();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anIntactCopyRestoresIntoAnExistingEmptyFolder() throws IOException {
        Path home = Files.createDirectory(dir.resolve("home"));
        restore(copy(), home).ok();
        assertThat(home.resolve("data").resolve("CURRENT")).exists();
        assertThat(Files.readString(home.resolve("node.yaml"))).contains("node_id: TH-CCIB");
    }

    @Test
    void aTamperedByteIsRefusedNamingTheFile() throws IOException {
        Path copy = copy();
        Path victim = largestDataFile(copy);
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(victim, bytes);
        assertRefused(copy, "data/" + victim.getFileName() + " fails authentication", "altered");
    }

    @Test
    void aTruncatedFileIsRefusedBeforeAnythingIsDecrypted() throws IOException {
        Path copy = copy();
        Path victim = largestDataFile(copy);
        byte[] bytes = Files.readAllBytes(victim);
        Files.write(victim, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertRefused(copy, "data/" + victim.getFileName() + " has " + (bytes.length - 100) + " bytes", "truncated");
    }

    @Test
    void aMissingFileIsRefused() throws IOException {
        Path copy = copy();
        Files.delete(copy.resolve("trust").resolve("trust-store.json"));
        assertRefused(copy, "trust/trust-store.json is missing");
    }

    @Test
    void anExtraFileOrFolderIsRefused() throws IOException {
        Path copy = copy();
        Files.writeString(copy.resolve("data").resolve("000999.sst"), "planted");
        assertRefused(copy, "data/000999.sst is not in the manifest");
        Files.delete(copy.resolve("data").resolve("000999.sst"));
        Files.createDirectories(copy.resolve("pki"));
        assertRefused(copy, "pki/ is a folder no backup has");
    }

    @Test
    void aSymbolicLinkInsideTheBackupIsRefusedNotFollowed() throws IOException {
        Path copy = copy();
        Path outside = dir.resolve("outside-node.yaml");
        Files.move(copy.resolve("node.yaml"), outside);
        Files.createSymbolicLink(copy.resolve("node.yaml"), outside);
        assertRefused(copy, "node.yaml is a symbolic link");

        Path copy2 = dir.resolve("copy2");
        Files.move(copy, copy2);
        Files.delete(copy2.resolve("node.yaml"));
        Files.move(outside, copy2.resolve("node.yaml"));
        Path realData = dir.resolve("real-data");
        Files.move(copy2.resolve("data"), realData);
        Files.createSymbolicLink(copy2.resolve("data"), realData);
        assertRefused(copy2, "data is a symbolic link");
    }

    @Test
    void aHardLinkToAForeignFileIsRefusedByAuthentication() throws IOException {
        // A link in the backup can only point at content; content that this key did not seal for this path fails.
        Path copy = copy();
        Path victim = copy.resolve("node.yaml");
        Path foreign = dir.resolve("foreign");
        byte[] junk = new byte[(int) Files.size(victim)];
        new Random(5).nextBytes(junk);
        Files.write(foreign, junk);
        Files.delete(victim);
        Files.createLink(victim, foreign);
        assertRefused(copy, "node.yaml is not an encrypted Jaring backup file", "replaced");
        // The same with content that looks like a backup file (the right header bytes) but was not sealed here.
        Files.delete(victim);
        System.arraycopy("JRNGBK02".getBytes(StandardCharsets.US_ASCII), 0, junk, 0, 8);
        Files.write(foreign, junk);
        Files.createLink(victim, foreign);
        assertRefused(copy, "node.yaml fails authentication");
    }

    @Test
    void aManifestForgedWithTheRightKeyStillCannotLeaveTheTarget() throws IOException {
        for (String[] forged : new String[][] {
            {"\"node.yaml\"", "\"../node.yaml\"", "'..'"},
            {"\"node.yaml\"", "\"/etc/cron.d/node.yaml\"", "absolute"},
            {"\"node.yaml\"", "\"data/../../node.yaml\"", "'..'"},
            {"\"trust/trust-store.json\"", "\"pki/node.key\"", "only in data/"},
            {"\"node.yaml\"", "\"trust/trust-store.json\"", "twice"},
        }) {
            Path copy = copy();
            reseal(copy, m -> m.replace(forged[0], forged[1]));
            assertRefused(copy, "the manifest lists", forged[2]);
            deleteTree(copy);
        }
    }

    @Test
    void aWrongKeyFileOrAPassphraseIsRefused() throws IOException {
        Path other = dir.resolve("other.key");
        writeKey(other, 2);
        Path home = dir.resolve("home");
        CliNode.Run r = restore(backup, home, "--key-file", other.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("wrong key file").contains("key check");
        r = restore(backup, home, "--passphrase-env", "PATH");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("made with a key file").contains("--key-file");
        assertThat(home).doesNotExist();
    }

    @Test
    void anAlteredHeaderOrAMissingManifestIsRefused() throws IOException {
        Path copy = copy();
        Path header = copy.resolve("backup.json");
        Files.writeString(header, Files.readString(header).replaceFirst("\"created\" : \"20", "\"created\" : \"19"));
        assertRefused(copy, "manifest.enc fails authentication", "backup.json");
        deleteTree(copy);
        copy = copy();
        Files.delete(copy.resolve("manifest.enc"));
        assertRefused(copy, "manifest.enc is missing");
    }

    @Test
    void aRefusedRestoreLeavesAnExistingEmptyTargetEmpty() throws IOException {
        Path copy = copy();
        Path victim = copy.resolve("node.yaml");
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(victim, bytes);
        Path home = Files.createDirectory(dir.resolve("home"));
        CliNode.Run r = restore(copy, home);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("node.yaml fails authentication");
        try (Stream<Path> s = Files.list(home)) {
            assertThat(s.toList()).isEmpty();
        }
        assertThat(BackupRestoreTest.leftovers(dir)).isEmpty();
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws IOException {
        if (!OwnerOnlyFiles.posix()) {
            return;
        }
        Path open = dir.resolve("open.key");
        Files.write(open, Files.readAllBytes(keyFile));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        CliNode.Run r = restore(backup, dir.resolve("home"), "--key-file", open.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("chmod 600");
    }

    /** Seeded: one random bit of one random file of the backup flipped, many times; never restored. */
    @Test
    void aSeededFuzzOfByteFlipsIsAlwaysRefused() throws IOException {
        Path copy = copy();
        List<Path> files;
        try (Stream<Path> s = Files.walk(copy)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Random random = new Random(0x5EEDL);
        Path home = dir.resolve("home");
        byte[] key = Files.readAllBytes(keyFile);
        for (int round = 0; round < 60; round++) {
            Path victim = files.get(random.nextInt(files.size()));
            byte[] bytes = Files.readAllBytes(victim);
            int at = random.nextInt(bytes.length);
            byte mask = (byte) (1 << random.nextInt(8));
            bytes[at] ^= mask;
            Files.write(victim, bytes);
            try (BackupSecret secret = BackupSecret.keyFile(key)) {
                assertThatThrownBy(() -> BackupRestore.restore(copy, home, null, secret))
                        .as("round %d: bit %d of byte %d of %s", round, mask, at, copy.relativize(victim))
                        .isInstanceOf(IOException.class);
            }
            assertThat(home).doesNotExist();
            assertThat(BackupRestoreTest.leftovers(dir)).isEmpty();
            bytes[at] ^= mask;
            Files.write(victim, bytes);
        }
        try (BackupSecret secret = BackupSecret.keyFile(key)) {
            assertThat(BackupRestore.restore(copy, home, null, secret).nodeId()).isEqualTo("TH-CCIB");
        }
    }

    /** Decrypts the manifest with the real key, edits its text, seals it again: what an insider with the key could. */
    private static void reseal(Path copy, java.util.function.UnaryOperator<String> edit) throws IOException {
        byte[] header = Files.readAllBytes(copy.resolve("backup.json"));
        JsonNode k = new ObjectMapper().readTree(header).path("key_derivation");
        KeyDerivation d = KeyDerivation.of(
                k.path("algorithm").asText(),
                Base64.getDecoder().decode(k.path("salt").asText()),
                0,
                0,
                0);
        try (BackupSecret secret = BackupSecret.keyFile(Files.readAllBytes(keyFile));
                BackupKey key = secret.derive(d)) {
            byte[] enc = key.encryptionKey();
            String manifest = new String(
                    BackupCipher.openManifest(Files.readAllBytes(copy.resolve("manifest.enc")), enc, header),
                    StandardCharsets.UTF_8);
            String edited = edit.apply(manifest);
            assertThat(edited).isNotEqualTo(manifest);
            Files.write(
                    copy.resolve("manifest.enc"),
                    BackupCipher.sealManifest(
                            edited.getBytes(StandardCharsets.UTF_8), enc, header, new SecureRandom()));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
