package org.jaring.node.share.blind;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.node.signing.PeerSignatures;

/**
 * The byte layouts both sides of a blind lookup must agree on (docs/protocol.md 7.5): the OPRF input of a value and
 * the tag derived from its OPRF output. The tag does not name the asker: the holder keeps one key and one index per
 * epoch for every peer, and decides per asker, when it answers, what that asker may be told.
 */
public final class BlindTags {
    public static final int TAG_LENGTH = 32;
    private static final byte[] TAG_DOMAIN = "jaring-blind-tag-v2\0".getBytes(StandardCharsets.US_ASCII);

    private BlindTags() {}

    /** UTF-8 of {@code <IndicatorType name> 0x00 <canonical value>}. */
    public static byte[] input(CanonicalValue value) {
        return (value.type().name() + "\0" + value.value()).getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256("jaring-blind-tag-v2" 0x00 || epoch, 8 bytes big-endian || output). */
    public static byte[] tag(long epoch, byte[] oprfOutput) {
        MessageDigest d = PeerSignatures.sha256();
        d.update(TAG_DOMAIN);
        d.update(ByteBuffer.allocate(8).putLong(epoch).array());
        d.update(oprfOutput);
        return d.digest();
    }
}
