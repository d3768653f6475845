package org.jaring.core.config;

import java.util.Set;

/**
 * The names under which node.yaml's {@code peer_budgets} section budgets each method a peer may call. The node's
 * peer boundary maps every served peer method to one of these keys, so a budget can exist only for a method that
 * is served, and a served method cannot lack a budget.
 */
public final class PeerMethodKeys {
    public static final String LOOKUP = "lookup";
    public static final String FEED = "feed";
    public static final String REPORT_SIGHTINGS = "report_sightings";
    public static final String GET_REVOCATIONS = "get_revocations";
    public static final String DELIVER_REQUEST = "deliver_request";
    public static final String DELIVER_TRANSITION = "deliver_transition";
    public static final Set<String> KEYS =
            Set.of(LOOKUP, FEED, REPORT_SIGHTINGS, GET_REVOCATIONS, DELIVER_REQUEST, DELIVER_TRANSITION);

    /** The most sightings one report may carry (the reporting node sends at most 500 at a time). */
    public static final int MAX_SIGHTINGS = 500;

    private PeerMethodKeys() {}
}
