package org.jaring.core.backup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The 256-bit master key of one backup and how it was derived. The CLI derives it from the admin's secret and
 * sends it to the node over the admin channel; the node uses it for that one backup and keeps it nowhere. From it
 * HKDF-SHA256 gives two independent values: the AES-256-GCM key and a key check, stored in the header so that
 * restore can tell a wrong secret from a damaged backup (it helps no guesser: the encrypted manifest would too).
 */
public final class BackupKey implements AutoCloseable {
    public static final int BYTES = 32;
    private static final byte[] ENCRYPTION = "jaring backup 2 aes-256-gcm".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECK = "jaring backup 2 key check".getBytes(StandardCharsets.US_ASCII);

    private final byte[] master;
    private final KeyDerivation derivation;

    private BackupKey(byte[] master, KeyDerivation derivation) {
        this.master = master;
        this.derivation = derivation;
    }

    /** A master key as received (by the node) or derived (by the CLI); the bytes are copied. */
    public static BackupKey of(byte[] master, KeyDerivation derivation) {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(derivation, "derivation");
        if (master.length != BYTES) {
            throw new IllegalArgumentException("the backup key has " + master.length + " bytes, not " + BYTES);
        }
        return new BackupKey(master.clone(), derivation);
    }

    public byte[] master() {
        return master.clone();
    }

    public KeyDerivation derivation() {
        return derivation;
    }

    /** The AES-256-GCM key of every file and of the manifest. */
    public byte[] encryptionKey() {
        return expand(ENCRYPTION);
    }

    /** The value recorded in the header; a secret that derives another one is the wrong secret. */
    public byte[] keyCheck() {
        return expand(CHECK);
    }

    /** Whether {@code recorded} (from a header) is this key's check value, compared in constant time. */
    public boolean matches(byte[] recorded) {
        return MessageDigest.isEqual(keyCheck(), recorded);
    }

    private byte[] expand(byte[] info) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        // The master key is already uniformly random (scrypt or HKDF output): expand only, no extract step.
        hkdf.init(HKDFParameters.skipExtractParameters(master, info));
        byte[] out = new byte[BYTES];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }

    @Override
    public void close() {
        Arrays.fill(master, (byte) 0);
    }
}
