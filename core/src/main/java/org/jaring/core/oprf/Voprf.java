package org.jaring.core.oprf;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/** RFC 9497 VOPRF (mode 0x01), ciphersuite P256-SHA256; hash_to_curve P256_XMD:SHA-256_SSWU_RO_ (RFC 9380). */
public final class Voprf {
    public static final String SUITE = "P256-SHA256";
    /** SerializeElement: SEC1 compressed point. */
    public static final int ELEMENT_LENGTH = 33;

    public static final int SCALAR_LENGTH = 32;
    /** Finalize output (SHA-256). */
    public static final int OUTPUT_LENGTH = 32;
    /** c || s. */
    public static final int PROOF_LENGTH = 64;
    /** The batch index of the proof's composites is two bytes (RFC 9497 section 2.2.1), so a batch holds at most this. */
    public static final int MAX_BATCH = 65535;

    private Voprf() {}

    /** RFC 9497 section 3.2.1 DeriveKeyPair: the same seed and info always give the same key. */
    public static VoprfKeyPair deriveKeyPair(byte[] seed32, byte[] info) {
        return new VoprfKeyPair(Suite.VOPRF.deriveSecret(seed32, info));
    }

    public static VoprfKeyPair generateKeyPair(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return new VoprfKeyPair(P256.randomScalar(random));
    }

    /** Refuses an empty, missing or oversized batch; {@code what} names the list for the message. */
    static void checkBatch(List<?> batch, String what) {
        if (batch == null) {
            throw new OprfException(what + " is missing");
        }
        if (batch.isEmpty()) {
            throw new OprfException(what + " is empty: a batch needs at least one element");
        }
        if (batch.size() > MAX_BATCH) {
            throw new OprfException(
                    what + " holds " + batch.size() + " elements: a batch holds at most " + MAX_BATCH + "; split it");
        }
    }
}
