package org.jaring.node.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters for lookups: those peers ask this node ({@code jaring_peer_lookups_total}, values asked, values
 * matched, hits disclosed, per asking peer) and the federated lookups this node's analysts make (values, hits
 * from the local store and from peers). Counts only: never a value.
 */
public interface LookupMetrics {
    void peerLookup(String asker, int values, int matchedValues, int disclosedHits);

    void federatedLookup(int values, int localHits, int peerHits);

    static LookupMetrics of(MeterRegistry registry) {
        return new LookupMetrics() {
            @Override
            public void peerLookup(String asker, int values, int matchedValues, int disclosedHits) {
                Counter.builder("jaring.peer.lookups")
                        .description("lookups peers made at this node")
                        .tag("peer", asker)
                        .register(registry)
                        .increment();
                Counter.builder("jaring.peer.lookup.values")
                        .description("values peers asked about")
                        .tag("peer", asker)
                        .register(registry)
                        .increment(values);
                Counter.builder("jaring.peer.lookup.matches")
                        .description("values asked by peers that matched a local record")
                        .tag("peer", asker)
                        .register(registry)
                        .increment(matchedValues);
                Counter.builder("jaring.peer.disclosures")
                        .description("hits disclosed to peers after the sharing policy")
                        .tag("peer", asker)
                        .register(registry)
                        .increment(disclosedHits);
            }

            @Override
            public void federatedLookup(int values, int localHits, int peerHits) {
                Counter.builder("jaring.federated.lookups")
                        .description("federated lookups by this node's analysts")
                        .register(registry)
                        .increment();
                Counter.builder("jaring.federated.lookup.values")
                        .description("values asked in federated lookups")
                        .register(registry)
                        .increment(values);
                Counter.builder("jaring.federated.hits")
                        .description("hits returned to this node's analysts")
                        .tag("origin", "local")
                        .register(registry)
                        .increment(localHits);
                Counter.builder("jaring.federated.hits")
                        .description("hits returned to this node's analysts")
                        .tag("origin", "peers")
                        .register(registry)
                        .increment(peerHits);
            }
        };
    }
}
