package org.jaring.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Key derivation: each backup its own key, the same secret and header give it back, everything else does not. */
class BackupSecretTest {
    private static byte[] keyFile(long seed) {
        byte[] k = new byte[32];
        new Random(seed).nextBytes(k);
        return k;
    }

    @Test
    void aKeyFileGivesEachBackupItsOwnKeyAndRestoreTheSameOne() {
        try (BackupSecret secret = BackupSecret.keyFile(keyFile(1))) {
            BackupKey first = secret.newKey(new SecureRandom());
            BackupKey second = secret.newKey(new SecureRandom());
            assertThat(first.master()).isNotEqualTo(second.master());
            assertThat(first.derivation().algorithm()).isEqualTo(KeyDerivation.HKDF_SHA256);
            BackupKey again = secret.derive(first.derivation());
            assertThat(again.master()).isEqualTo(first.master());
            assertThat(again.matches(first.keyCheck())).isTrue();
            assertThat(first.encryptionKey()).isNotEqualTo(first.keyCheck()).isNotEqualTo(first.master());
        }
        try (BackupSecret other = BackupSecret.keyFile(keyFile(2));
                BackupSecret secret = BackupSecret.keyFile(keyFile(1))) {
            BackupKey key = secret.newKey(new SecureRandom());
            assertThat(other.derive(key.derivation()).matches(key.keyCheck())).isFalse();
        }
    }

    @Test
    void aPassphraseIsStretchedWithScryptAndNormalised() {
        // "é" typed precomposed and as e + combining accent is the same passphrase.
        try (BackupSecret composed = BackupSecret.passphrase("caf\u00e9 au lait 2026".toCharArray());
                BackupSecret decomposed = BackupSecret.passphrase("cafe\u0301 au lait 2026".toCharArray());
                BackupSecret wrong = BackupSecret.passphrase("cafe au lait 2026".toCharArray())) {
            BackupKey key = composed.newKey(new SecureRandom());
            assertThat(key.derivation().algorithm()).isEqualTo(KeyDerivation.SCRYPT);
            assertThat(key.derivation().log2N()).isEqualTo(KeyDerivation.SCRYPT_LOG2_N);
            assertThat(decomposed.derive(key.derivation()).matches(key.keyCheck()))
                    .isTrue();
            assertThat(wrong.derive(key.derivation()).matches(key.keyCheck())).isFalse();
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> BackupSecret.keyFile(keyFile(1)).derive(key.derivation()))
                    .withMessageContaining("made with a passphrase")
                    .withMessageContaining("--passphrase-env");
        }
    }

    @Test
    void keyFilesAndDerivationsOutOfRangeAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BackupSecret.keyFile(new byte[31]))
                .withMessageContaining("exactly 32")
                .withMessageContaining("openssl rand");
        byte[] salt = new byte[32];
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyDerivation.of("scrypt", salt, 21, 8, 1))
                .withMessageContaining("log2_n");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyDerivation.of("scrypt", salt, 13, 8, 1))
                .withMessageContaining("log2_n");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyDerivation.of("scrypt", salt, 20, 16, 1))
                .withMessageContaining("MiB");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyDerivation.of("scrypt", new byte[8], 17, 8, 1))
                .withMessageContaining("salt");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyDerivation.of("pbkdf2", salt, 0, 0, 0))
                .withMessageContaining("unknown");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BackupKey.of(new byte[16], KeyDerivation.of("hkdf-sha256", salt, 0, 0, 0)))
                .withMessageContaining("16 bytes");
    }
}
