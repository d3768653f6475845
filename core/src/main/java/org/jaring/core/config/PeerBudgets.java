package org.jaring.core.config;

import java.util.Map;
import java.util.TreeSet;

/**
 * What one peer may use of this node, per method and in all (node.yaml {@code peer_budgets}, docs/operations.md).
 * Every peer has its own buckets, so a peer that spends its budget is refused while the others keep theirs.
 *
 * <p>Why the defaults are what they are: a node on a busy 2-core machine answers about 15,000 looked-up values a
 * second in all (docs/benchmarks.md), so one peer's 5,000 values a second leaves the other peers two thirds of it
 * even when that peer asks flat out. The bursts hold one full batch ({@code limits.max_batch_values}, 10,000) and
 * one full message ({@code limits.max_message_bytes}, 4 MiB), or a legitimate call could never pass.
 *
 * @param concurrentCalls calls of one peer in progress at once, all methods together
 * @param bytes request bytes of one peer, all methods together
 * @param methods by the method's key in {@link PeerMethodKeys}
 */
public record PeerBudgets(int concurrentCalls, Budget bytes, Map<String, MethodBudget> methods) {

    /** A method's budget: calls, and values (looked-up values, sightings) where a call carries many. */
    public record MethodBudget(Budget calls, Budget values) {}

    public static final PeerBudgets DEFAULTS = new PeerBudgets(
            16,
            new Budget(4 << 20, 16 << 20),
            Map.of(
                    PeerMethodKeys.LOOKUP, new MethodBudget(new Budget(100, 200), new Budget(5_000, 10_000)),
                    PeerMethodKeys.FEED, new MethodBudget(new Budget(1, 10), Budget.UNLIMITED),
                    PeerMethodKeys.REPORT_SIGHTINGS, new MethodBudget(new Budget(5, 20), new Budget(200, 1_000)),
                    PeerMethodKeys.GET_REVOCATIONS, new MethodBudget(new Budget(1, 10), Budget.UNLIMITED),
                    PeerMethodKeys.DELIVER_REQUEST, new MethodBudget(new Budget(2, 20), Budget.UNLIMITED),
                    PeerMethodKeys.DELIVER_TRANSITION, new MethodBudget(new Budget(5, 50), Budget.UNLIMITED)));

    public PeerBudgets {
        methods = Map.copyOf(methods);
        if (!methods.keySet().equals(PeerMethodKeys.KEYS)) {
            throw new IllegalArgumentException("peer budgets must name exactly the methods " + PeerMethodKeys.KEYS);
        }
    }

    MethodBudget of(String key) {
        return methods.get(key);
    }

    /**
     * A node.yaml {@code peer_budgets} section that sets every rate and burst to {@code perSecond} and the
     * concurrent calls to {@code concurrentCalls}: for nodes that must measure or test work rather than refusals
     * (the benchmarks, tests that call many times from one peer). Every call still passes the boundary.
     */
    public static String uniformYaml(long perSecond, int concurrentCalls) {
        StringBuilder yaml = new StringBuilder("peer_budgets:\n")
                .append("  concurrent_calls: ")
                .append(concurrentCalls)
                .append('\n')
                .append("  bytes_per_second: ")
                .append(perSecond)
                .append('\n')
                .append("  burst_bytes: ")
                .append(perSecond)
                .append('\n');
        for (String method : new TreeSet<>(DEFAULTS.methods().keySet())) {
            yaml.append("  ")
                    .append(method)
                    .append(": {calls_per_second: ")
                    .append(perSecond)
                    .append(", burst_calls: ")
                    .append(perSecond);
            if (!DEFAULTS.methods().get(method).values().unlimited()) {
                yaml.append(", values_per_second: ")
                        .append(perSecond)
                        .append(", burst_values: ")
                        .append(perSecond);
            }
            yaml.append("}\n");
        }
        return yaml.toString();
    }
}
