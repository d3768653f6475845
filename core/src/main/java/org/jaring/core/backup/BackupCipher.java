package org.jaring.core.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-256-GCM (BouncyCastle's GCM over its AES engine) for backup files, one GCM message per file:
 * {@code MAGIC | 12-byte random nonce | ciphertext | 16-byte tag}. The associated data binds each file to its
 * path in the backup, so files cannot be swapped or renamed, and the manifest to the exact header bytes. Files are
 * streamed: BouncyCastle's GCM hands out plaintext before the tag is checked, which is why restore decrypts into a
 * private staging folder and throws it away unless every tag and every SHA-256 matches.
 */
public final class BackupCipher {
    /** "JRNGBK" and the format number, 2 (format 1 was the unencrypted folder). */
    static final byte[] MAGIC = {'J', 'R', 'N', 'G', 'B', 'K', '0', '2'};

    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    /** Bytes an encrypted file has beyond its plaintext. */
    public static final int OVERHEAD = MAGIC.length + NONCE_BYTES + TAG_BYTES;

    private static final byte FILE = 1;
    private static final byte MANIFEST = 2;
    private static final int CHUNK = 64 * 1024;

    /** Size and SHA-256 (lower-case hex) of a file's plaintext. */
    public record Plain(long size, String sha256) {}

    private BackupCipher() {}

    /** Encrypts {@code in} to {@code out} for the backup path {@code path}; returns the plaintext's size and hash. */
    public static Plain encrypt(InputStream in, OutputStream out, byte[] key, String path, SecureRandom random)
            throws IOException {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        GCMModeCipher gcm = gcm(true, key, nonce, fileAad(path));
        MessageDigest sha = sha256();
        out.write(MAGIC);
        out.write(nonce);
        byte[] buf = new byte[CHUNK];
        byte[] enc = new byte[CHUNK + TAG_BYTES];
        long size = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            sha.update(buf, 0, n);
            size += n;
            out.write(enc, 0, gcm.processBytes(buf, 0, n, enc, 0));
        }
        try {
            out.write(enc, 0, gcm.doFinal(enc, 0));
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM encryption cannot fail", e);
        }
        return new Plain(size, HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * Decrypts {@code in} to {@code out}. Throws {@link BackupIntegrityException} when the file is not an encrypted
     * backup file, is cut short, or fails authentication (altered, truncated, another path's file, another key).
     * {@code out} may have received unauthenticated plaintext by then: discard it.
     */
    public static Plain decrypt(InputStream in, OutputStream out, byte[] key, String path) throws IOException {
        byte[] head = in.readNBytes(MAGIC.length + NONCE_BYTES);
        if (head.length < MAGIC.length + NONCE_BYTES || !Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new BackupIntegrityException("is not an encrypted Jaring backup file (its header is missing or"
                    + " wrong): it was replaced, cut short or altered");
        }
        byte[] nonce = Arrays.copyOfRange(head, MAGIC.length, head.length);
        GCMModeCipher gcm = gcm(false, key, nonce, fileAad(path));
        MessageDigest sha = sha256();
        byte[] buf = new byte[CHUNK];
        byte[] dec = new byte[CHUNK + TAG_BYTES];
        long size = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            int m = gcm.processBytes(buf, 0, n, dec, 0);
            sha.update(dec, 0, m);
            size += m;
            out.write(dec, 0, m);
        }
        try {
            int m = gcm.doFinal(dec, 0);
            sha.update(dec, 0, m);
            size += m;
            out.write(dec, 0, m);
        } catch (InvalidCipherTextException | IllegalStateException e) {
            throw new BackupIntegrityException(
                    "fails authentication (AES-GCM tag): it was altered or truncated, or belongs to another backup");
        }
        return new Plain(size, HexFormat.of().formatHex(sha.digest()));
    }

    /** Encrypts the manifest, bound to the exact bytes of the header it belongs to. */
    public static byte[] sealManifest(byte[] manifest, byte[] key, byte[] header, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        GCMModeCipher gcm = gcm(true, key, nonce, manifestAad(header));
        byte[] out = new byte[MAGIC.length + NONCE_BYTES + gcm.getOutputSize(manifest.length)];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        System.arraycopy(nonce, 0, out, MAGIC.length, NONCE_BYTES);
        int off = MAGIC.length + NONCE_BYTES;
        off += gcm.processBytes(manifest, 0, manifest.length, out, off);
        try {
            gcm.doFinal(out, off);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM encryption cannot fail", e);
        }
        return out;
    }

    /** The manifest's plaintext; {@link BackupIntegrityException} when it does not authenticate with this header. */
    public static byte[] openManifest(byte[] sealed, byte[] key, byte[] header) throws BackupIntegrityException {
        if (sealed.length < OVERHEAD || !Arrays.equals(sealed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new BackupIntegrityException(
                    "is not an encrypted Jaring backup manifest: it was replaced, cut" + " short or altered");
        }
        byte[] nonce = Arrays.copyOfRange(sealed, MAGIC.length, MAGIC.length + NONCE_BYTES);
        GCMModeCipher gcm = gcm(false, key, nonce, manifestAad(header));
        int off = MAGIC.length + NONCE_BYTES;
        byte[] out = new byte[gcm.getOutputSize(sealed.length - off)];
        try {
            int n = gcm.processBytes(sealed, off, sealed.length - off, out, 0);
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException | IllegalStateException e) {
            throw new BackupIntegrityException("fails authentication (AES-GCM tag): the manifest or the header"
                    + " (backup.json) was altered or truncated");
        }
        return out;
    }

    private static GCMModeCipher gcm(boolean encrypt, byte[] key, byte[] nonce, byte[] aad) {
        if (key.length != 32) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key, not " + key.length);
        }
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce, aad));
        return gcm;
    }

    private static byte[] fileAad(String path) {
        return aad(FILE, path.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] manifestAad(byte[] header) {
        return aad(MANIFEST, header);
    }

    /** MAGIC | kind | data: a file's path can never be read as a header or the other way round. */
    private static byte[] aad(byte kind, byte[] data) {
        byte[] aad = new byte[MAGIC.length + 1 + data.length];
        System.arraycopy(MAGIC, 0, aad, 0, MAGIC.length);
        aad[MAGIC.length] = kind;
        System.arraycopy(data, 0, aad, MAGIC.length + 1, data.length);
        return aad;
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Thrown for a backup file that is not what the key and its path say it must be. */
    public static final class BackupIntegrityException extends IOException {
        private static final long serialVersionUID = 1L;

        public BackupIntegrityException(String problem) {
            super(problem);
        }
    }
}
