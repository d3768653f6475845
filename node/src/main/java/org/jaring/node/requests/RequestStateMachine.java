package org.jaring.node.requests;

import static org.jaring.v1.RequestState.ACKNOWLEDGED;
import static org.jaring.v1.RequestState.DELIVERED;
import static org.jaring.v1.RequestState.DRAFT;
import static org.jaring.v1.RequestState.EXPIRED;
import static org.jaring.v1.RequestState.FULFILLED;
import static org.jaring.v1.RequestState.IN_PROGRESS;
import static org.jaring.v1.RequestState.PARTLY_FULFILLED;
import static org.jaring.v1.RequestState.REFUSED;
import static org.jaring.v1.RequestState.SENT;
import static org.jaring.v1.RequestState.WITHDRAWN;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jaring.v1.RequestState;

/**
 * The legal transitions of a cooperation request and which side makes each. The requesting side sends,
 * withdraws and lets its clock expire a request; the requested side records delivery and answers. Withdrawal
 * and expiry need the request delivered first, so the two sides never write the same position of the chain
 * for a request that is still in an outbox.
 */
public final class RequestStateMachine {
    /** Which node makes a transition. */
    public enum Side {
        REQUESTING,
        REQUESTED
    }

    private record Edge(RequestState to, Side side) {}

    private static final Map<RequestState, List<Edge>> EDGES = Map.of(
            DRAFT, List.of(new Edge(SENT, Side.REQUESTING)),
            SENT, List.of(new Edge(DELIVERED, Side.REQUESTED)),
            DELIVERED,
                    List.of(
                            new Edge(ACKNOWLEDGED, Side.REQUESTED),
                            new Edge(IN_PROGRESS, Side.REQUESTED),
                            new Edge(FULFILLED, Side.REQUESTED),
                            new Edge(PARTLY_FULFILLED, Side.REQUESTED),
                            new Edge(REFUSED, Side.REQUESTED),
                            new Edge(WITHDRAWN, Side.REQUESTING),
                            new Edge(EXPIRED, Side.REQUESTING)),
            ACKNOWLEDGED,
                    List.of(
                            new Edge(IN_PROGRESS, Side.REQUESTED),
                            new Edge(FULFILLED, Side.REQUESTED),
                            new Edge(PARTLY_FULFILLED, Side.REQUESTED),
                            new Edge(REFUSED, Side.REQUESTED),
                            new Edge(WITHDRAWN, Side.REQUESTING),
                            new Edge(EXPIRED, Side.REQUESTING)),
            IN_PROGRESS,
                    List.of(
                            new Edge(FULFILLED, Side.REQUESTED),
                            new Edge(PARTLY_FULFILLED, Side.REQUESTED),
                            new Edge(REFUSED, Side.REQUESTED),
                            new Edge(WITHDRAWN, Side.REQUESTING),
                            new Edge(EXPIRED, Side.REQUESTING)),
            PARTLY_FULFILLED,
                    List.of(
                            new Edge(FULFILLED, Side.REQUESTED),
                            new Edge(PARTLY_FULFILLED, Side.REQUESTED),
                            new Edge(WITHDRAWN, Side.REQUESTING)));

    /** States in which the requested node still owes an answer (the deadline runs). */
    public static final Set<RequestState> AWAITING_ANSWER = EnumSet.of(SENT, DELIVERED, ACKNOWLEDGED, IN_PROGRESS);

    private RequestStateMachine() {}

    public static boolean allowed(RequestState from, RequestState to, Side side) {
        return EDGES.getOrDefault(from, List.of()).stream().anyMatch(e -> e.to() == to && e.side() == side);
    }

    /** The next states {@code side} may choose from {@code from}. */
    public static List<RequestState> next(RequestState from, Side side) {
        return EDGES.getOrDefault(from, List.of()).stream()
                .filter(e -> e.side() == side)
                .map(Edge::to)
                .toList();
    }

    /** Every next state from {@code from}, whoever makes it (for messages). */
    public static List<RequestState> next(RequestState from) {
        return EDGES.getOrDefault(from, List.of()).stream().map(Edge::to).toList();
    }
}
