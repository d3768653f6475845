package org.jaring.core.backup;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a backup's 256-bit master key was derived from the admin's secret, recorded in the backup's header so that
 * restore can derive the same key again. Not secret. Either scrypt over a passphrase, or HKDF-SHA256 over a
 * 32-byte key file; both with a fresh random salt per backup, so every backup has its own key and the node, which
 * sees that key while it writes the backup, learns nothing about the admin's secret or about other backups.
 */
public final class KeyDerivation {
    public static final String SCRYPT = "scrypt";
    public static final String HKDF_SHA256 = "hkdf-sha256";
    /** scrypt cost for new backups: N = 2^17, r = 8, p = 1 (128 MiB, the OWASP recommendation for scrypt). */
    public static final int SCRYPT_LOG2_N = 17;

    public static final int SCRYPT_R = 8;
    public static final int SCRYPT_P = 1;
    public static final int SALT_BYTES = 32;
    /** What restore accepts: enough room for stronger settings, a cap so a forged header cannot exhaust memory. */
    static final int MIN_LOG2_N = 14;

    static final int MAX_LOG2_N = 20;
    static final long MAX_SCRYPT_MEMORY = 256L << 20;

    private final String algorithm;
    private final byte[] salt;
    private final int log2N;
    private final int r;
    private final int p;

    private KeyDerivation(String algorithm, byte[] salt, int log2N, int r, int p) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.salt = Objects.requireNonNull(salt, "salt").clone();
        this.log2N = log2N;
        this.r = r;
        this.p = p;
    }

    /**
     * A derivation as read from a header or a request; refused (IllegalArgumentException naming the field) when
     * the algorithm is unknown or a parameter is out of the accepted range.
     */
    public static KeyDerivation of(String algorithm, byte[] salt, int log2N, int r, int p) {
        if (salt == null || salt.length < 16 || salt.length > 64) {
            throw new IllegalArgumentException(
                    "salt has " + (salt == null ? 0 : salt.length) + " bytes; 16 to 64 are accepted");
        }
        if (SCRYPT.equals(algorithm)) {
            if (log2N < MIN_LOG2_N || log2N > MAX_LOG2_N) {
                throw new IllegalArgumentException(
                        "scrypt log2_n is " + log2N + "; " + MIN_LOG2_N + " to " + MAX_LOG2_N + " are accepted");
            }
            if (r < 1 || r > 32 || p < 1 || p > 4) {
                throw new IllegalArgumentException(
                        "scrypt r=" + r + ", p=" + p + " are out of range (r 1 to 32, p 1 to 4)");
            }
            if ((128L * r) << log2N > MAX_SCRYPT_MEMORY) {
                throw new IllegalArgumentException("scrypt log2_n=" + log2N + ", r=" + r + " need more than "
                        + (MAX_SCRYPT_MEMORY >> 20) + " MiB of memory");
            }
            return new KeyDerivation(algorithm, salt, log2N, r, p);
        }
        if (HKDF_SHA256.equals(algorithm)) {
            if (log2N != 0 || r != 0 || p != 0) {
                throw new IllegalArgumentException("hkdf-sha256 takes no scrypt parameters");
            }
            return new KeyDerivation(algorithm, salt, 0, 0, 0);
        }
        throw new IllegalArgumentException(
                "key derivation '" + algorithm + "' is unknown; this version knows " + SCRYPT + " and " + HKDF_SHA256);
    }

    public String algorithm() {
        return algorithm;
    }

    public byte[] salt() {
        return salt.clone();
    }

    public int log2N() {
        return log2N;
    }

    public int r() {
        return r;
    }

    public int p() {
        return p;
    }

    boolean isScrypt() {
        return SCRYPT.equals(algorithm);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyDerivation k
                && algorithm.equals(k.algorithm)
                && Arrays.equals(salt, k.salt)
                && log2N == k.log2N
                && r == k.r
                && p == k.p;
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, Arrays.hashCode(salt), log2N, r, p);
    }

    @Override
    public String toString() {
        return isScrypt() ? "scrypt(N=2^" + log2N + ", r=" + r + ", p=" + p + ")" : "hkdf-sha256";
    }
}
