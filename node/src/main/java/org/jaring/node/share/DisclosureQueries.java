package org.jaring.node.share;

import java.util.List;
import org.jaring.core.failure.Violations;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.node.cases.CaseService;
import org.jaring.node.store.DisclosureTable;
import org.jaring.v1.Disclosure;
import org.jaring.v1.ListDisclosuresRequest;
import org.jaring.v1.ListDisclosuresResponse;

/** "Who asked about my indicators, and why": by value or by case, newest first. */
public final class DisclosureQueries {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    private final CaseService cases;
    private final DisclosureTable disclosures;

    public DisclosureQueries(CaseService cases, DisclosureTable disclosures) {
        this.cases = cases;
        this.disclosures = disclosures;
    }

    public ListDisclosuresResponse list(ListDisclosuresRequest request) {
        Violations v = new Violations();
        boolean byValue = request.hasValue();
        boolean byCase = !request.getCaseId().isEmpty();
        if (byValue == byCase) {
            v.add("value", "give either a value or a case_id, not " + (byValue ? "both" : "neither"));
        }
        if (request.getLimit() > MAX_LIMIT) {
            v.add("limit", request.getLimit() + " is above " + MAX_LIMIT);
        }
        v.throwIfAny();
        int limit = request.getLimit() == 0 ? DEFAULT_LIMIT : request.getLimit();
        List<Disclosure> found;
        if (byValue) {
            CanonicalValue value =
                    cases.canonicalQueries("value", List.of(request.getValue())).get(0);
            found = disclosures.byValue(value, limit);
        } else {
            found = disclosures.byCase(request.getCaseId(), limit);
        }
        return ListDisclosuresResponse.newBuilder().addAllDisclosures(found).build();
    }
}
