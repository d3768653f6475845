package org.jaring.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.jaring.core.backup.BackupCipher.BackupIntegrityException;
import org.jaring.core.backup.BackupCipher.Plain;
import org.junit.jupiter.api.Test;

/**
 * The per-file AES-256-GCM format: seeded round trips of every size around the chunk edges, and seeded flips,
 * cuts, extensions, other paths and other keys, every one of them refused.
 */
class BackupCipherTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] key(Random r) {
        byte[] k = new byte[32];
        r.nextBytes(k);
        return k;
    }

    private static byte[] encrypt(byte[] plain, byte[] key, String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Plain p = BackupCipher.encrypt(new ByteArrayInputStream(plain), out, key, path, RANDOM);
        assertThat(p.size()).isEqualTo(plain.length);
        assertThat(p.sha256())
                .isEqualTo(HexFormat.of().formatHex(BackupCipher.sha256().digest(plain)));
        assertThat(out.size()).isEqualTo(plain.length + BackupCipher.OVERHEAD);
        return out.toByteArray();
    }

    private static byte[] decrypt(byte[] sealed, byte[] key, String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Plain p = BackupCipher.decrypt(new ByteArrayInputStream(sealed), out, key, path);
        assertThat(p.size()).isEqualTo(out.size());
        return out.toByteArray();
    }

    @Test
    void everySizeRoundTripsWithItsHash() throws IOException {
        Random r = new Random(20261207L);
        byte[] key = key(r);
        int chunk = 64 * 1024;
        for (int size : new int[] {0, 1, 15, 16, 17, chunk - 1, chunk, chunk + 1, 3 * chunk + 17, 200_000}) {
            byte[] plain = new byte[size];
            r.nextBytes(plain);
            byte[] sealed = encrypt(plain, key, "data/000012.sst");
            assertThat(decrypt(sealed, key, "data/000012.sst"))
                    .as("size %d", size)
                    .isEqualTo(plain);
        }
    }

    @Test
    void theSameContentEncryptsDifferentlyEachTime() throws IOException {
        byte[] key = key(new Random(1));
        byte[] plain = "node_id: TH-CCIB\n".getBytes(StandardCharsets.UTF_8);
        assertThat(encrypt(plain, key, "node.yaml")).isNotEqualTo(encrypt(plain, key, "node.yaml"));
    }

    @Test
    void aSeededFuzzOfFlipsCutsAndExtensionsIsAlwaysRefused() throws IOException {
        Random r = new Random(424242L);
        byte[] key = key(r);
        for (int round = 0; round < 300; round++) {
            byte[] plain = new byte[r.nextInt(5000)];
            r.nextBytes(plain);
            byte[] sealed = encrypt(plain, key, "trust/trust-store.json");
            byte[] bad;
            switch (round % 3) {
                case 0 -> {
                    bad = sealed.clone();
                    bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
                }
                case 1 -> bad = Arrays.copyOf(sealed, r.nextInt(sealed.length));
                default -> {
                    bad = Arrays.copyOf(sealed, sealed.length + 1 + r.nextInt(40));
                    for (int i = sealed.length; i < bad.length; i++) {
                        bad[i] = (byte) r.nextInt(256);
                    }
                }
            }
            byte[] input = bad;
            assertThatThrownBy(() -> decrypt(input, key, "trust/trust-store.json"))
                    .as("round %d", round)
                    .isInstanceOf(BackupIntegrityException.class);
        }
    }

    @Test
    void anotherPathOrKeyIsRefused() throws IOException {
        Random r = new Random(7);
        byte[] key = key(r);
        byte[] sealed = encrypt(new byte[] {1, 2, 3}, key, "data/000012.sst");
        assertThatThrownBy(() -> decrypt(sealed, key, "data/000013.sst"))
                .isInstanceOf(BackupIntegrityException.class)
                .hasMessageContaining("fails authentication");
        assertThatThrownBy(() -> decrypt(sealed, key(r), "data/000012.sst"))
                .isInstanceOf(BackupIntegrityException.class)
                .hasMessageContaining("fails authentication");
        assertThatThrownBy(() -> decrypt(new byte[] {'J', 'R'}, key, "data/000012.sst"))
                .isInstanceOf(BackupIntegrityException.class)
                .hasMessageContaining("not an encrypted Jaring backup file");
    }

    @Test
    void theManifestIsBoundToItsHeader() throws IOException {
        Random r = new Random(11);
        byte[] key = key(r);
        byte[] header = "{\"format\":2}".getBytes(StandardCharsets.UTF_8);
        byte[] manifest = "{\"files\":[]}".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = BackupCipher.sealManifest(manifest, key, header, RANDOM);
        assertThat(BackupCipher.openManifest(sealed, key, header)).isEqualTo(manifest);
        byte[] otherHeader = header.clone();
        otherHeader[otherHeader.length - 2] = '3';
        assertThatThrownBy(() -> BackupCipher.openManifest(sealed, key, otherHeader))
                .isInstanceOf(BackupIntegrityException.class)
                .hasMessageContaining("backup.json");
        for (int i = 0; i < sealed.length; i++) {
            byte[] bad = sealed.clone();
            bad[i] ^= 0x40;
            assertThatThrownBy(() -> BackupCipher.openManifest(bad, key, header))
                    .as("byte %d", i)
                    .isInstanceOf(BackupIntegrityException.class);
        }
        // A file sealed for a path never opens as a manifest, however the header is chosen.
        byte[] file = encrypt(manifest, key, "node.yaml");
        assertThatThrownBy(() -> BackupCipher.openManifest(file, key, "node.yaml".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BackupIntegrityException.class);
    }
}
