package org.jaring.node.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.jaring.core.failure.InvalidInputException;
import org.jaring.core.failure.Violations;
import org.jaring.v1.Handling;
import org.jaring.v1.Sharing;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;

/** The sharing kind of a handling: both kinds and "inherit" are accepted, a number the node does not know is not. */
class HandlingRulesTest {
    @Test
    void aSharingKindTheNodeDoesNotKnowIsRefusedNamingTheField() {
        Violations violations = new Violations();
        HandlingRules.checkHandling(
                "case.default_handling",
                Handling.newBuilder().setTlp(Tlp.TLP_GREEN).setSharingValue(7).build(),
                violations);
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, violations::throwIfAny);
        assertThat(e).isNotNull();
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("case.default_handling.sharing");
            assertThat(v.problem()).contains("unknown sharing kind 7").contains("SHARING_CONFIRM_ONLY");
        });
    }

    @Test
    void bothKindsAndUnspecifiedAreAccepted() {
        for (Sharing kind :
                new Sharing[] {Sharing.SHARING_UNSPECIFIED, Sharing.SHARING_PUBLISHED, Sharing.SHARING_CONFIRM_ONLY}) {
            Violations violations = new Violations();
            HandlingRules.checkHandling(
                    "indicators[0].handling",
                    Handling.newBuilder().setTlp(Tlp.TLP_AMBER).setSharing(kind).build(),
                    violations);
            assertThat(violations.isEmpty()).as("%s", kind).isTrue();
        }
    }
}
