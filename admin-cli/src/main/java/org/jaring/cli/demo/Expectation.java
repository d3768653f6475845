package org.jaring.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.PeerStatus;

/**
 * Compares what the demo said it expected with what the network answered, so that the "expected" line never
 * stands beside a table that contradicts it without a word.
 */
final class Expectation {
    private Expectation() {}

    /**
     * The sentences that say which expected hit is missing and why, or which hit should not be there; empty when
     * the answer is as told.
     *
     * @param asker the asking node, whose own record needs no peer
     * @param expectedFrom the nodes that must answer with a hit (the asker's own record included)
     * @param forbiddenFrom nodes whose hit must never reach the asker (TLP:RED kept at home)
     */
    static List<String> unmet(
            FederatedLookupResponse answer, String asker, List<String> expectedFrom, List<String> forbiddenFrom) {
        Objects.requireNonNull(answer, "answer");
        Set<String> origins = answer.getResultsList().stream()
                .flatMap(r -> r.getHitsList().stream())
                .map(h -> h.getOriginNode())
                .collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (String node : expectedFrom) {
            if (!origins.contains(node)) {
                problems.add("expected a hit from " + node + "; " + node + " " + why(answer, node, asker));
            }
        }
        for (String node : forbiddenFrom) {
            if (origins.contains(node)) {
                problems.add("expected no hit from " + node + ", but " + node + " answered with one");
            }
        }
        return problems;
    }

    private static String why(FederatedLookupResponse answer, String node, String asker) {
        Optional<PeerStatus> status = answer.getPeersList().stream()
                .filter(p -> p.getNodeId().equals(node))
                .findFirst();
        if (status.isEmpty() && node.equals(asker)) {
            return "has no record of it (its own data is not loaded)";
        }
        if (status.isEmpty()) {
            return "was not asked (it is not among the asking node's ready peers)";
        }
        PeerStatus s = status.get();
        String detail = s.getDetail().isBlank() ? "" : ": " + s.getDetail();
        if (s.getOutcome() == PeerOutcome.PEER_OUTCOME_TIMED_OUT) {
            return "did not answer within the lookup's deadline" + detail
                    + " (the machine is probably busy; run the demo again when it is quieter)";
        }
        if (s.getOutcome() == PeerOutcome.PEER_OUTCOME_UNREACHABLE) {
            return "could not be reached" + detail;
        }
        if (s.getOutcome() == PeerOutcome.PEER_OUTCOME_REFUSED) {
            return "refused the question" + detail;
        }
        return "answered, but without this value (its data may not be loaded)";
    }
}
