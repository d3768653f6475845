package org.jaring.core.oprf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 9380 section 5.3.1 expand_message_xmd with SHA-256 (b_in_bytes 32, s_in_bytes 64), incl. section 5.3.3. */
final class ExpandMessageXmd {
    private static final int B_IN_BYTES = 32;
    private static final int S_IN_BYTES = 64;
    private static final byte[] OVERSIZE_PREFIX = "H2C-OVERSIZE-DST-".getBytes(StandardCharsets.US_ASCII);

    private ExpandMessageXmd() {}

    static byte[] expand(byte[] msg, byte[] dst, int lenInBytes) {
        int ell = (lenInBytes + B_IN_BYTES - 1) / B_IN_BYTES;
        if (lenInBytes <= 0 || ell > 255 || lenInBytes > 65535) {
            throw new IllegalArgumentException("expand_message_xmd: len_in_bytes " + lenInBytes + " is out of range");
        }
        byte[] shortDst = dst;
        if (dst.length > 255) { // RFC 9380 section 5.3.3: a long DST is replaced by its hash
            MessageDigest md = sha256();
            md.update(OVERSIZE_PREFIX);
            md.update(dst);
            shortDst = md.digest();
        }
        byte[] dstPrime = new byte[shortDst.length + 1];
        System.arraycopy(shortDst, 0, dstPrime, 0, shortDst.length);
        dstPrime[shortDst.length] = (byte) shortDst.length;

        MessageDigest md = sha256();
        md.update(new byte[S_IN_BYTES]); // Z_pad
        md.update(msg);
        md.update(new byte[] {(byte) (lenInBytes >>> 8), (byte) lenInBytes, 0});
        md.update(dstPrime);
        byte[] b0 = md.digest();

        byte[] out = new byte[lenInBytes];
        byte[] previous = new byte[B_IN_BYTES]; // b_0 XOR b_0 = 0 makes b_1 follow the same rule as the rest
        for (int i = 1; i <= ell; i++) {
            byte[] mixed = new byte[B_IN_BYTES];
            for (int j = 0; j < B_IN_BYTES; j++) {
                mixed[j] = (byte) (b0[j] ^ previous[j]);
            }
            md.update(mixed);
            md.update((byte) i);
            md.update(dstPrime);
            previous = md.digest();
            int offset = (i - 1) * B_IN_BYTES;
            System.arraycopy(previous, 0, out, offset, Math.min(B_IN_BYTES, lenInBytes - offset));
        }
        return out;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
