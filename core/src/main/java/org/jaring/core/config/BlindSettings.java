package org.jaring.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code blind:} section of node.yaml (docs/operations.md, docs/blind-lookup.md): what this node allows a peer
 * of blind lookups, how often its VOPRF keys change, and how its own analysts ask by default.
 *
 * @param enabled whether this node answers BlindEvaluate and BlindLookup (UNIMPLEMENTED when not)
 * @param evaluationsPerDay how many values one peer may have evaluated per UTC day
 * @param keyRotation how long one key epoch lasts; the previous epoch's tags are still accepted for one more
 * @param defaultMode how a federated lookup asks when the analyst does not say: plain, blind, blind-where-supported
 */
public record BlindSettings(boolean enabled, long evaluationsPerDay, Duration keyRotation, String defaultMode) {
    public static final Set<String> MODES = Set.of("plain", "blind", "blind-where-supported");

    /**
     * 20,000 a day: enumerating a country's 10^8 phone numbers through one peer would take 5,000 days (13.7 years);
     * through all ten peers of a region, each with its own key and budget, still 500 days per peer's own index.
     */
    public static final BlindSettings DEFAULT = new BlindSettings(true, 20_000, Duration.ofDays(7), "plain");

    static final Set<String> KEYS = Set.of("enabled", "evaluations_per_day", "key_rotation", "default_mode");

    static BlindSettings read(ConfigReader r, JsonNode root) {
        BlindSettings d = DEFAULT;
        JsonNode b = r.object(root, "", "blind", KEYS);
        String mode = r.string(b, "blind", "default_mode", d.defaultMode());
        if (!MODES.contains(mode)) {
            r.problem("blind.default_mode", "'" + mode + "' is not one of plain, blind, blind-where-supported");
        }
        return new BlindSettings(
                r.bool(b, "blind", "enabled", d.enabled()),
                r.number(b, "blind", "evaluations_per_day", d.evaluationsPerDay(), 1, 100_000_000),
                r.duration(b, "blind", "key_rotation", d.keyRotation(), Duration.ofMinutes(1), Duration.ofDays(366)),
                mode);
    }
}
