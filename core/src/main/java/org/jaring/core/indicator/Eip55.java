package org.jaring.core.indicator;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.bouncycastle.crypto.digests.KeccakDigest;

/** EIP-55 mixed-case checksum for Ethereum (EVM) addresses. */
public final class Eip55 {
    private Eip55() {}

    /** The checksummed spelling, "0x" followed by 40 hex digits; hex40 may be in any case. */
    public static String checksum(String hex40) {
        String lower = hex40.toLowerCase(Locale.ROOT);
        byte[] ascii = lower.getBytes(StandardCharsets.US_ASCII);
        KeccakDigest keccak = new KeccakDigest(256);
        keccak.update(ascii, 0, ascii.length);
        byte[] hash = new byte[32];
        keccak.doFinal(hash, 0);
        StringBuilder out = new StringBuilder("0x");
        for (int i = 0; i < 40; i++) {
            char c = lower.charAt(i);
            int nibble = (hash[i / 2] >>> (i % 2 == 0 ? 4 : 0)) & 0xf;
            out.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }
}
