package org.jaring.node.share;

import org.jaring.v1.Case;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.Handling;
import org.jaring.v1.Hit;
import org.jaring.v1.Indicator;
import org.jaring.v1.Tlp;

/** What a hit says about one indicator: never the case file, only what a follow-up request needs. */
public final class Hits {
    private Hits() {}

    /**
     * The offences are the indicator's own, else its case's. {@code handling} is the effective handling
     * (null for a local-only indicator, shown as TLP unspecified to the node's own analysts).
     */
    public static Hit of(
            String originNode, Indicator indicator, Case owningCase, Handling handling, ContactPoint contact) {
        Hit.Builder hit = Hit.newBuilder()
                .setType(indicator.getType())
                .setValue(indicator.getValue())
                .addAllOffences(
                        indicator.getOffencesCount() > 0 || owningCase == null
                                ? indicator.getOffencesList()
                                : owningCase.getOffencesList())
                .setConfidence(indicator.getConfidence())
                .setTlp(handling == null ? Tlp.TLP_UNSPECIFIED : handling.getTlp())
                .setOriginNode(originNode)
                .setCaseHandle(owningCase == null ? "" : owningCase.getCaseHandle());
        if (contact != null) {
            hit.setContact(contact);
        }
        if (indicator.hasFirstSeen()) {
            hit.setFirstSeen(indicator.getFirstSeen());
        }
        if (indicator.hasLastSeen()) {
            hit.setLastSeen(indicator.getLastSeen());
        }
        if (indicator.hasValidUntil()) {
            hit.setValidUntil(indicator.getValidUntil());
        }
        return hit.build();
    }
}
