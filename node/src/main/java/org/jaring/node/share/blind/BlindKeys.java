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
 * This node's VOPRF key for blind lookups: one per key epoch, the same for every asking peer (docs/blind-lookup.md,
 * "Keys": per-peer keys would protect nothing that budgets do not, and would multiply the index build by the
 * peers). Derived with RFC 9497's DeriveKeyPair from one 32-byte seed kept in the store (store.BlindState) and the
 * info {@code "jaring-blind-key-v2" 0x00 epoch (8 bytes big-endian)}. Epochs are {@code key_rotation} long, numbered
 * from 1970-01-01T00:00Z; the previous epoch's tags are still accepted, so a lookup that spans a rotation succeeds.
 */
public final class BlindKeys {
    private static final byte[] INFO = "jaring-blind-key-v2\0".getBytes(StandardCharsets.US_ASCII);

    /** The key of one epoch. */
    public record Key(long epoch, VoprfServer server, Instant validUntil) {}

    private final byte[] seed;
    private final Duration rotation;
    private final Clock clock;
    private final Map<Long, Key> keys = new ConcurrentHashMap<>();

    public BlindKeys(byte[] seed, Duration rotation, Clock clock) {
        this.seed = Objects.requireNonNull(seed, "seed").clone();
        this.rotation = Objects.requireNonNull(rotation, "rotation");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The epoch now. */
    public long currentEpoch() {
        return clock.millis() / rotation.toMillis();
    }

    /** When {@code epoch} begins. */
    public Instant start(long epoch) {
        return Instant.ofEpochMilli(epoch * rotation.toMillis());
    }

    /** How long an epoch lasts ({@code blind.key_rotation}). */
    public Duration rotation() {
        return rotation;
    }

    /** Whether tags of {@code epoch} are accepted now: the current epoch or the one before. */
    public boolean accepts(long epoch) {
        long now = currentEpoch();
        return epoch == now || epoch == now - 1;
    }

    /** The key of {@code epoch}. */
    public Key key(long epoch) {
        Key cached = keys.get(epoch);
        if (cached != null) {
            return cached;
        }
        if (keys.size() > 16) {
            keys.clear(); // keys are cheap to derive again; the cache only spares the work on every call
        }
        byte[] info =
                ByteBuffer.allocate(INFO.length + 8).put(INFO).putLong(epoch).array();
        Key key = new Key(
                epoch,
                new VoprfServer(Voprf.deriveKeyPair(seed, info)),
                Instant.ofEpochMilli((epoch + 2) * rotation.toMillis()));
        keys.put(epoch, key);
        return key;
    }
}
