package org.jaring.node.share;

import org.jaring.core.failure.Violations;
import org.jaring.core.text.TextRules;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.Purpose;

/** A lookup that crosses a border must say why: whose case, on what legal ground. */
public final class PurposeRules {
    private PurposeRules() {}

    public static void check(String field, boolean present, Purpose purpose, Violations v) {
        if (!present) {
            v.add(field, "missing; every lookup must carry the asking case reference and a legal basis");
            return;
        }
        String ref = purpose.getCaseReference().strip();
        if (ref.isEmpty()) {
            v.add(field + ".case_reference", "missing; give the reference of the case this lookup serves");
        } else {
            // the value as sent, not stripped: that is what is stored and shown
            TextRules.line(field + ".case_reference", purpose.getCaseReference(), 100, v);
        }
        if (purpose.getLegalBasis() == LegalBasis.UNRECOGNIZED) {
            v.add(
                    field + ".legal_basis",
                    "unknown legal basis " + purpose.getLegalBasisValue() + "; docs/protocol.md lists the codes");
        } else if (purpose.getLegalBasis() == LegalBasis.LEGAL_BASIS_UNSPECIFIED) {
            v.add(field + ".legal_basis", "missing; name the legal ground of the lookup");
        }
        TextRules.block(field + ".note", purpose.getNote(), 500, v);
        TextRules.line(field + ".analyst", purpose.getAnalyst(), 100, v);
    }

    /** A lookup's or a sighting's ID, which the receiver keeps as a key: see {@link TextRules#uuid}. */
    public static void checkRequestId(String field, String requestId, Violations v) {
        TextRules.uuid(field, requestId, v);
    }
}
