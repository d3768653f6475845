package org.jaring.node.share.blind;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jaring.core.oprf.Voprf;
import org.jaring.core.oprf.VoprfServer;

/**
 * This node's VOPRF keys for blind lookups: one per asking peer and key epoch (docs/blind-lookup.md, "Keys"),
 * derived with RFC 9497's DeriveKeyPair from one 32-byte seed kept in the store (store.BlindState) and the info
 * {@code "jaring-blind-key-v1" 0x00 asker node id 0x00 epoch (8 bytes big-endian)}. A key per peer means outputs that
 * colluding askers pool are worth nothing to each other: a tag matches only in its own asker's index, and each
 * asker's evaluations count against its own budget. Epochs are {@code key_rotation} long, numbered from
 * 1970-01-01T00:00Z; the previous epoch's tags are still accepted, so a lookup that spans a rotation succeeds.
 */
public final class BlindKeys {
    private static final byte[] INFO = "jaring-blind-key-v1\0".getBytes(StandardCharsets.US_ASCII);

    /** One asker's key in one epoch. */
    public record Key(String asker, long epoch, VoprfServer server, Instant validUntil) {}

    private final byte[] seed;
    private final Duration rotation;
    private final Clock clock;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();

    public BlindKeys(byte[] seed, Duration rotation, Clock clock) {
        this.seed = Objects.requireNonNull(seed, "seed").clone();
        this.rotation = Objects.requireNonNull(rotation, "rotation");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The epoch now. */
    public long currentEpoch() {
        return clock.millis() / rotation.toMillis();
    }

    /** Whether tags of {@code epoch} are accepted now: the current epoch or the one before. */
    public boolean accepts(long epoch) {
        long now = currentEpoch();
        return epoch == now || epoch == now - 1;
    }

    /** {@code asker}'s key in {@code epoch}. */
    public Key key(String asker, long epoch) {
        String name = asker + "\0" + epoch;
        Key cached = keys.get(name);
        if (cached != null) {
            return cached;
        }
        if (keys.size() > 4096) {
            keys.clear(); // keys are cheap to derive again; the cache only spares the work on every call
        }
        byte[] askerBytes = asker.getBytes(StandardCharsets.UTF_8);
        byte[] info = ByteBuffer.allocate(INFO.length + askerBytes.length + 1 + 8)
                .put(INFO)
                .put(askerBytes)
                .put((byte) 0)
                .putLong(epoch)
                .array();
        Key key = new Key(
                asker,
                epoch,
                new VoprfServer(Voprf.deriveKeyPair(seed, info)),
                Instant.ofEpochMilli((epoch + 2) * rotation.toMillis()));
        keys.put(name, key);
        return key;
    }
}
