package org.jaring.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jaring.node.store.StoreSettings;

/**
 * A node's whole configuration, typed and already validated: a NodeConfig that exists is usable.
 * Built by {@link NodeConfigLoader}; docs/operations.md documents every key.
 */
public record NodeConfig(
        String nodeId,
        String country,
        Path dataDir,
        Contact contact,
        Listen listen,
        Limits limits,
        StoreSettings store,
        Duration expiryPurgeInterval) {

    /** The 24/7 point of contact that peers receive with every hit (Budapest Convention art. 35). */
    public record Contact(String unit, String phone, String email, String hours, List<String> languages) {
    }

    /** Where each service listens. */
    public record Listen(HostPort national) {
    }

    /** Explicit, configurable limits on what one call may carry. */
    public record Limits(int maxMessageBytes, int maxBatchValues) {
    }
}
