package org.jaring.core.backup;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The admin's long-term backup secret, held only by the CLI: a passphrase (stretched with scrypt) or a 256-bit key
 * read from a key file (expanded with HKDF-SHA256). Each backup gets its own master key from it and a fresh salt.
 */
public final class BackupSecret implements AutoCloseable {
    public static final int KEY_FILE_BYTES = 32;
    /** New backups need a passphrase at least this long; scrypt slows guessing, it does not make "1234" safe. */
    public static final int MIN_PASSPHRASE_CHARS = 12;

    private static final byte[] HKDF_INFO = "jaring backup 2 master key".getBytes(StandardCharsets.US_ASCII);

    private final boolean passphrase;
    private final byte[] secret;

    private BackupSecret(boolean passphrase, byte[] secret) {
        this.passphrase = passphrase;
        this.secret = secret;
    }

    /** The passphrase as UTF-8 of its NFC form, so the same words typed on another system give the same key. */
    public static BackupSecret passphrase(char[] passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        String nfc = Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFC);
        // The normalised copy is a String (immutable, left to the collector); the bytes kept here are cleared on close.
        return new BackupSecret(true, nfc.getBytes(StandardCharsets.UTF_8));
    }

    /** The contents of a key file: exactly {@value #KEY_FILE_BYTES} random bytes. */
    public static BackupSecret keyFile(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_FILE_BYTES) {
            throw new IllegalArgumentException("a backup key file holds exactly " + KEY_FILE_BYTES
                    + " random bytes, this one has " + key.length
                    + "; make one with: openssl rand -out FILE 32 (then chmod 600 FILE)");
        }
        return new BackupSecret(false, key.clone());
    }

    public boolean isPassphrase() {
        return passphrase;
    }

    /** The key for a new backup: a fresh salt and the default cost. */
    public BackupKey newKey(SecureRandom random) {
        byte[] salt = new byte[KeyDerivation.SALT_BYTES];
        random.nextBytes(salt);
        KeyDerivation d = passphrase
                ? KeyDerivation.of(
                        KeyDerivation.SCRYPT,
                        salt,
                        KeyDerivation.SCRYPT_LOG2_N,
                        KeyDerivation.SCRYPT_R,
                        KeyDerivation.SCRYPT_P)
                : KeyDerivation.of(KeyDerivation.HKDF_SHA256, salt, 0, 0, 0);
        return derive(d);
    }

    /**
     * The key of an existing backup from its recorded derivation; refused when the backup was made with the
     * other kind of secret, since the derivation could never match.
     */
    public BackupKey derive(KeyDerivation d) {
        if (d.isScrypt() != passphrase) {
            throw new IllegalArgumentException("the backup was made with a "
                    + (d.isScrypt() ? "passphrase (scrypt); pass --passphrase-env" : "key file; pass --key-file")
                    + " instead of a " + (passphrase ? "passphrase" : "key file"));
        }
        byte[] master;
        if (d.isScrypt()) {
            master = SCrypt.generate(secret, d.salt(), 1 << d.log2N(), d.r(), d.p(), BackupKey.BYTES);
        } else {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(secret, d.salt(), HKDF_INFO));
            master = new byte[BackupKey.BYTES];
            hkdf.generateBytes(master, 0, master.length);
        }
        try {
            return BackupKey.of(master, d);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    @Override
    public void close() {
        Arrays.fill(secret, (byte) 0);
    }
}
