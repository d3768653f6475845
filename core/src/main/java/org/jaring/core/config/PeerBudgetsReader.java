package org.jaring.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Reads {@code peer_budgets} (docs/operations.md): what one peer may use of this node, per method and in all. */
final class PeerBudgetsReader {
    private static final Set<String> TOP = Set.of(
            "concurrent_calls",
            "bytes_per_second",
            "burst_bytes",
            "lookup",
            "feed",
            "report_sightings",
            "get_revocations",
            "deliver_request",
            "deliver_transition");
    private static final Set<String> CALLS = Set.of("calls_per_second", "burst_calls");
    private static final Set<String> CALLS_AND_VALUES =
            Set.of("calls_per_second", "burst_calls", "values_per_second", "burst_values");
    private static final long MAX_RATE = 100_000_000;

    private PeerBudgetsReader() {}

    static PeerBudgets read(ConfigReader r, JsonNode root, int maxMessageBytes, int maxBatchValues) {
        PeerBudgets d = PeerBudgets.DEFAULTS;
        JsonNode node = r.object(root, "", "peer_budgets", TOP);
        int concurrent = (int) r.number(node, "peer_budgets", "concurrent_calls", d.concurrentCalls(), 1, 10_000);
        Budget bytes = budget(r, node, "peer_budgets", "bytes_per_second", "burst_bytes", d.bytes());
        if (bytes.burst() < maxMessageBytes) {
            r.problem(
                    "peer_budgets.burst_bytes",
                    (long) bytes.burst() + " is below limits.max_message_bytes (" + maxMessageBytes
                            + "): a peer could never send a full message; raise it");
        }
        Map<String, PeerBudgets.MethodBudget> methods = new HashMap<>();
        d.methods().forEach((method, defaults) -> {
            boolean counted = !Double.isInfinite(defaults.values().perSecond());
            JsonNode m = r.object(node, "peer_budgets", method, counted ? CALLS_AND_VALUES : CALLS);
            String path = "peer_budgets." + method;
            Budget calls = budget(r, m, path, "calls_per_second", "burst_calls", defaults.calls());
            Budget values = counted
                    ? budget(r, m, path, "values_per_second", "burst_values", defaults.values())
                    : defaults.values();
            methods.put(method, new PeerBudgets.MethodBudget(calls, values));
        });
        Budget lookupValues = methods.get("lookup").values();
        if (lookupValues.burst() < maxBatchValues) {
            r.problem(
                    "peer_budgets.lookup.burst_values",
                    (long) lookupValues.burst() + " is below"
                            + " limits.max_batch_values (" + maxBatchValues
                            + "): a full batch could never pass; raise it or"
                            + " lower max_batch_values");
        }
        Budget sightings = methods.get("report_sightings").values();
        if (sightings.burst() < PeerMethodKeys.MAX_SIGHTINGS) {
            r.problem(
                    "peer_budgets.report_sightings.burst_values",
                    (long) sightings.burst() + " is below " + PeerMethodKeys.MAX_SIGHTINGS
                            + ", the most sightings a node sends in one report; raise it");
        }
        return new PeerBudgets(concurrent, bytes, methods);
    }

    private static Budget budget(
            ConfigReader r, JsonNode node, String path, String rateKey, String burstKey, Budget defaults) {
        long rate = r.number(node, path, rateKey, (long) defaults.perSecond(), 1, MAX_RATE);
        long burst = r.number(node, path, burstKey, (long) defaults.burst(), 1, MAX_RATE);
        return new Budget(rate, burst);
    }
}
