package org.jaring.node.federation;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The VOPRF key each peer answered with, per key epoch, as first seen in a signed evaluation. A peer that answers
 * with another key within an epoch is refused: with a key per question it could tell askers apart or link one
 * asker's tags to a chosen key, which the proof alone does not rule out. Held in memory; a restart pins afresh.
 */
public final class BlindKeyPins {
    private static final int MAX_PINS = 10_000;
    private final Map<String, byte[]> pins = new ConcurrentHashMap<>();

    /** Null when {@code key} is (now) the pinned key of {@code peer} in {@code epoch}; else why it is refused. */
    public String check(String peer, long epoch, byte[] key) {
        if (pins.size() > MAX_PINS) {
            pins.clear();
        }
        byte[] pinned = pins.putIfAbsent(peer + "\0" + epoch, key.clone());
        if (pinned == null || Arrays.equals(pinned, key)) {
            return null;
        }
        return "its blind lookup key for epoch " + epoch + " differs from the one it answered with before in that"
                + " epoch (a key may change only with the epoch)";
    }
}
