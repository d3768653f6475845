package org.jaring.node.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jaring.v1.Audience;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;

/**
 * Random indicators with random handling and audiences, random askers: every decision must equal an oracle
 * written independently from the rule as the documentation states it (a table of who may see what), so that
 * nothing leaks and nothing allowed goes missing.
 */
class SharingPolicyPropertyTest {
    private static final String[] NODES = {"MY-PDRM", "SG-SPF", "ID-POLRI", "PH-NBI", "VN-A05", "KH-CCD"};
    private static final String[] GROUPS = {"asean", "mekong", "finance", "trusted-core"};

    /** The oracle: "may this asker learn of it", restated from docs/protocol.md, not from the code. */
    private static boolean oracle(
            Tlp tlp,
            boolean handlingSet,
            boolean localOnly,
            Set<String> audienceNodes,
            Set<String> audienceGroups,
            String askerNode,
            Set<String> askerGroups) {
        if (!handlingSet || localOnly) {
            return false;
        }
        boolean named =
                audienceNodes.contains(askerNode) || audienceGroups.stream().anyMatch(askerGroups::contains);
        boolean everyone = audienceNodes.isEmpty() && audienceGroups.isEmpty();
        if (tlp == Tlp.TLP_RED || tlp == Tlp.TLP_UNSPECIFIED) {
            return false;
        }
        if (tlp == Tlp.TLP_AMBER || tlp == Tlp.TLP_AMBER_STRICT) {
            return named;
        }
        return everyone || named;
    }

    private static Set<String> pick(Random random, String[] from, double p) {
        Set<String> out = new HashSet<>();
        for (String s : from) {
            if (random.nextDouble() < p) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void everyDecisionMatchesTheOracle() {
        Random random = new Random(20261128);
        Tlp[] tlps = {
            Tlp.TLP_UNSPECIFIED, Tlp.TLP_CLEAR, Tlp.TLP_GREEN, Tlp.TLP_AMBER, Tlp.TLP_AMBER_STRICT, Tlp.TLP_RED
        };
        int disclosed = 0;
        int withheld = 0;
        for (int n = 0; n < 200_000; n++) {
            Tlp tlp = tlps[random.nextInt(tlps.length)];
            boolean localOnly = random.nextInt(8) == 0;
            Set<String> audienceNodes = pick(random, NODES, 0.15);
            Set<String> audienceGroups = pick(random, GROUPS, 0.15);
            Handling handling = Handling.newBuilder()
                    .setTlp(tlp)
                    .setAudience(Audience.newBuilder()
                            .setLocalOnly(localOnly)
                            .addAllNodes(audienceNodes)
                            .addAllGroups(audienceGroups))
                    .build();

            // Where the handling sits: on the indicator, on the case, on both, or nowhere.
            int placement = random.nextInt(4);
            Indicator.Builder indicator = Indicator.newBuilder()
                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                    .setValue("x.example");
            Case.Builder owningCase = Case.newBuilder().setCaseId("c");
            if (placement == 0 || placement == 2) {
                indicator.setHandling(handling);
            }
            if (placement == 1) {
                owningCase.setDefaultHandling(handling);
            }
            if (placement == 2) {
                // The indicator's own handling wins over a case default that would say something else.
                owningCase.setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_CLEAR));
            }
            boolean handlingSet = placement != 3;

            String askerNode = NODES[random.nextInt(NODES.length)];
            Set<String> askerGroups = pick(random, GROUPS, 0.3);
            boolean expected =
                    oracle(tlp, handlingSet, localOnly, audienceNodes, audienceGroups, askerNode, askerGroups);
            boolean actual = SharingPolicy.mayDisclose(
                    SharingPolicy.effectiveHandling(indicator.build(), owningCase.build()),
                    new Asker(askerNode, askerGroups));
            assertThat(actual)
                    .as(
                            "case %d: tlp=%s local=%s nodes=%s groups=%s placement=%d asker=%s %s",
                            n, tlp, localOnly, audienceNodes, audienceGroups, placement, askerNode, askerGroups)
                    .isEqualTo(expected);
            if (actual) {
                disclosed++;
            } else {
                withheld++;
            }
        }
        // The generator must exercise both outcomes in quantity, or the property proves little.
        assertThat(disclosed).isGreaterThan(20_000);
        assertThat(withheld).isGreaterThan(20_000);
    }

    @Test
    void theDocumentedExamplesHold() {
        Asker my = new Asker("MY-PDRM", Set.of("asean"));
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {Tlp.TLP_RED, List.of("MY-PDRM"), List.of(), false});
        cases.add(new Object[] {Tlp.TLP_AMBER, List.of(), List.of(), false});
        cases.add(new Object[] {Tlp.TLP_AMBER, List.of("MY-PDRM"), List.of(), true});
        cases.add(new Object[] {Tlp.TLP_AMBER_STRICT, List.of(), List.of("asean"), true});
        cases.add(new Object[] {Tlp.TLP_GREEN, List.of(), List.of(), true});
        cases.add(new Object[] {Tlp.TLP_GREEN, List.of("SG-SPF"), List.of(), false});
        cases.add(new Object[] {Tlp.TLP_CLEAR, List.of(), List.of("mekong"), false});
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Handling h = Handling.newBuilder()
                    .setTlp((Tlp) c[0])
                    .setAudience(Audience.newBuilder()
                            .addAllNodes((List<String>) c[1])
                            .addAllGroups((List<String>) c[2]))
                    .build();
            assertThat(SharingPolicy.mayDisclose(h, my))
                    .as("%s %s %s", c[0], c[1], c[2])
                    .isEqualTo(c[3]);
        }
        assertThat(SharingPolicy.mayDisclose(null, my))
                .as("no handling anywhere: local")
                .isFalse();
    }
}
