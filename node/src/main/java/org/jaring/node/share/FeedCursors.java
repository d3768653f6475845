package org.jaring.node.share;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The feed cursor a peer sees: this node's change sequence under a keyed permutation of the 64-bit values, one
 * permutation per peer (FF1 of NIST SP 800-38G over AES, four base-65,536 digits, tweak = the peer's node ID).
 * The global sequence would tell a peer how many changes it did not see between two it did; the permuted one
 * tells it nothing but equality, and a peer cannot make up a cursor that names a sequence of its choosing.
 *
 * <p>0 stays 0 ("from the beginning") and no sequence encodes to 0: the permutation is cycle-walked over the
 * non-zero values (encrypting again while the result is 0), which keeps it a bijection there.
 */
public final class FeedCursors {
    /** Four base-65,536 digits are 64 bits; BouncyCastle's FF1 reads radix-65,536 digits as 2-byte pairs. */
    private static final int RADIX = 1 << 16;

    private final KeyParameter key;

    /** @param key 32 bytes derived from the node's feed secret, which survives restarts and backups */
    public FeedCursors(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the feed cursor key must be 32 bytes");
        }
        this.key = new KeyParameter(key.clone());
    }

    /** The cursor value {@code peer} sees for {@code sequence}; 0 for 0. */
    public long encode(String peer, long sequence) {
        if (sequence == 0) {
            return 0;
        }
        FPEFF1Engine engine = engine(true, peer);
        long c = apply(engine, sequence);
        while (c == 0) {
            c = apply(engine, c);
        }
        return c;
    }

    /** The sequence behind {@code cursor} as {@code peer} was given it; 0 for 0. Any value decodes to something. */
    public long decode(String peer, long cursor) {
        if (cursor == 0) {
            return 0;
        }
        FPEFF1Engine engine = engine(false, peer);
        long s = apply(engine, cursor);
        while (s == 0) {
            s = apply(engine, s);
        }
        return s;
    }

    /** A fresh engine per use: one is not thread-safe, and keying it is cheap next to FF1's ten rounds. */
    private FPEFF1Engine engine(boolean encrypt, String peer) {
        FPEFF1Engine engine = new FPEFF1Engine();
        engine.init(encrypt, new FPEParameters(key, RADIX, peer.getBytes(StandardCharsets.UTF_8)));
        return engine;
    }

    private static long apply(FPEFF1Engine engine, long value) {
        byte[] in = ByteBuffer.allocate(8).putLong(value).array();
        byte[] out = new byte[8];
        engine.processBlock(in, 0, in.length, out, 0);
        return ByteBuffer.wrap(out).getLong();
    }
}
