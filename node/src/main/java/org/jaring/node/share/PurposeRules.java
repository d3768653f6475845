package org.jaring.node.share;

import java.util.regex.Pattern;
import org.jaring.node.failure.Violations;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.Purpose;

/** A lookup that crosses a border must say why: whose case, on what legal ground. */
public final class PurposeRules {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private PurposeRules() {
    }

    public static void check(String field, boolean present, Purpose purpose, Violations v) {
        if (!present) {
            v.add(field, "missing; every lookup must carry the asking case reference and a legal basis");
            return;
        }
        String ref = purpose.getCaseReference().strip();
        if (ref.isEmpty()) {
            v.add(field + ".case_reference", "missing; give the reference of the case this lookup serves");
        } else if (ref.length() > 100) {
            v.add(field + ".case_reference", "longer than 100 characters");
        }
        if (purpose.getLegalBasis() == LegalBasis.UNRECOGNIZED) {
            v.add(field + ".legal_basis", "unknown legal basis " + purpose.getLegalBasisValue()
                    + "; docs/protocol.md lists the codes");
        } else if (purpose.getLegalBasis() == LegalBasis.LEGAL_BASIS_UNSPECIFIED) {
            v.add(field + ".legal_basis", "missing; name the legal ground of the lookup");
        }
        if (purpose.getNote().length() > 500) {
            v.add(field + ".note", "longer than 500 characters");
        }
        if (purpose.getAnalyst().length() > 100) {
            v.add(field + ".analyst", "longer than 100 characters");
        }
    }

    public static void checkRequestId(String field, String requestId, Violations v) {
        if (!UUID.matcher(requestId).matches()) {
            v.add(field, "'" + (requestId.length() > 40 ? requestId.substring(0, 40) + "..." : requestId)
                    + "' is not a lower-case UUID");
        }
    }
}
