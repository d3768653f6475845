package org.jaring.node.cases;

import java.util.regex.Pattern;
import org.jaring.core.failure.Violations;
import org.jaring.v1.Case;

/** What a case must look like before it is stored. */
final class CaseRules {
    static final Pattern CASE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_TEXT = 500;

    private CaseRules() {}

    static void checkCaseId(String field, String caseId, Violations violations) {
        if (caseId.isEmpty()) {
            violations.add(field, "missing; give the case ID");
        } else if (!CASE_ID.matcher(caseId).matches()) {
            violations.add(
                    field,
                    "'" + abbreviate(caseId) + "' is not a case ID; use 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    static void check(Case c) {
        Violations v = new Violations();
        checkCaseId("case.case_id", c.getCaseId(), v);
        if (c.getTitle().length() > MAX_TEXT) {
            v.add("case.title", "longer than " + MAX_TEXT + " characters");
        }
        if (c.getReference().length() > MAX_TEXT) {
            v.add("case.reference", "longer than " + MAX_TEXT + " characters");
        }
        HandlingRules.checkOffences("case.offences", c.getOffencesList(), c.getOffencesValueList(), v);
        if (c.hasDefaultHandling()) {
            HandlingRules.checkHandling("case.default_handling", c.getDefaultHandling(), v);
        }
        v.throwIfAny();
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
