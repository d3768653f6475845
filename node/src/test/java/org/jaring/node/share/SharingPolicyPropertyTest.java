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
import org.jaring.v1.Sharing;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;

/**
 * Random indicators with random handling, audiences and sharing kinds, random askers: every decision must equal an
 * oracle written independently from the rule as the documentation states it (a table of who may see what, and
 * which of it is handed over in bulk), so that nothing leaks and nothing allowed goes missing.
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

    /**
     * The sharing kind that applies, restated from docs/protocol.md: the indicator's own if it names one, else
     * its case default's, else published.
     */
    private static Sharing effectiveSharing(Sharing own, Sharing caseDefault) {
        if (own != Sharing.SHARING_UNSPECIFIED) {
            return own;
        }
        if (caseDefault != null && caseDefault != Sharing.SHARING_UNSPECIFIED) {
            return caseDefault;
        }
        return Sharing.SHARING_PUBLISHED;
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
        Sharing[] kinds = {Sharing.SHARING_UNSPECIFIED, Sharing.SHARING_PUBLISHED, Sharing.SHARING_CONFIRM_ONLY};
        int disclosed = 0;
        int withheld = 0;
        int published = 0;
        int confirmedOnly = 0;
        for (int n = 0; n < 200_000; n++) {
            Tlp tlp = tlps[random.nextInt(tlps.length)];
            boolean localOnly = random.nextInt(8) == 0;
            Set<String> audienceNodes = pick(random, NODES, 0.15);
            Set<String> audienceGroups = pick(random, GROUPS, 0.15);
            Sharing sharing = kinds[random.nextInt(kinds.length)];
            Handling handling = Handling.newBuilder()
                    .setTlp(tlp)
                    .setAudience(Audience.newBuilder()
                            .setLocalOnly(localOnly)
                            .addAllNodes(audienceNodes)
                            .addAllGroups(audienceGroups))
                    .setSharing(sharing)
                    .build();

            // Where the handling sits: on the indicator, on the case, on both, or nowhere.
            int placement = random.nextInt(4);
            Indicator.Builder indicator = Indicator.newBuilder()
                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                    .setValue("x.example");
            Case.Builder owningCase = Case.newBuilder().setCaseId("c");
            Sharing caseSharing = null;
            if (placement == 0 || placement == 2) {
                indicator.setHandling(handling);
            }
            if (placement == 1) {
                owningCase.setDefaultHandling(handling);
            }
            if (placement == 2) {
                // The indicator's own TLP and audience win over a case default that would say something else; its
                // sharing kind, if it names none, is the case default's.
                caseSharing = kinds[random.nextInt(kinds.length)];
                owningCase.setDefaultHandling(
                        Handling.newBuilder().setTlp(Tlp.TLP_CLEAR).setSharing(caseSharing));
            }
            boolean handlingSet = placement != 3;

            String askerNode = NODES[random.nextInt(NODES.length)];
            Set<String> askerGroups = pick(random, GROUPS, 0.3);
            boolean expected =
                    oracle(tlp, handlingSet, localOnly, audienceNodes, audienceGroups, askerNode, askerGroups);
            boolean expectedBulk = expected && effectiveSharing(sharing, caseSharing) != Sharing.SHARING_CONFIRM_ONLY;
            Handling effective = SharingPolicy.effectiveHandling(indicator.build(), owningCase.build());
            Asker asker = new Asker(askerNode, askerGroups);
            boolean actual = SharingPolicy.mayDisclose(effective, asker);
            boolean actualBulk = SharingPolicy.mayPublish(effective, asker);
            String what = String.format(
                    "case %d: tlp=%s local=%s nodes=%s groups=%s sharing=%s placement=%d case sharing=%s asker=%s %s",
                    n,
                    tlp,
                    localOnly,
                    audienceNodes,
                    audienceGroups,
                    sharing,
                    placement,
                    caseSharing,
                    askerNode,
                    askerGroups);
            assertThat(actual).as("lookup, " + what).isEqualTo(expected);
            assertThat(actualBulk).as("feed and export, " + what).isEqualTo(expectedBulk);
            if (actual) {
                disclosed++;
                if (actualBulk) {
                    published++;
                } else {
                    confirmedOnly++;
                }
            } else {
                withheld++;
            }
        }
        // The generator must exercise every outcome in quantity, or the property proves little.
        assertThat(disclosed).isGreaterThan(20_000);
        assertThat(withheld).isGreaterThan(20_000);
        assertThat(published).isGreaterThan(10_000);
        assertThat(confirmedOnly).isGreaterThan(10_000);
    }

    @Test
    void aConfirmOnlyRecordIsAnsweredExactlyWhenAPublishedOneWouldBeAndNeverPublished() {
        Random random = new Random(20261207);
        Tlp[] tlps = {Tlp.TLP_CLEAR, Tlp.TLP_GREEN, Tlp.TLP_AMBER, Tlp.TLP_AMBER_STRICT, Tlp.TLP_RED};
        for (int n = 0; n < 50_000; n++) {
            Handling.Builder h = Handling.newBuilder()
                    .setTlp(tlps[random.nextInt(tlps.length)])
                    .setAudience(Audience.newBuilder()
                            .setLocalOnly(random.nextInt(8) == 0)
                            .addAllNodes(pick(random, NODES, 0.2))
                            .addAllGroups(pick(random, GROUPS, 0.2)));
            Asker asker = new Asker(NODES[random.nextInt(NODES.length)], pick(random, GROUPS, 0.3));
            Handling confirmOnly = h.setSharing(Sharing.SHARING_CONFIRM_ONLY).build();
            Handling published = h.setSharing(Sharing.SHARING_PUBLISHED).build();
            assertThat(SharingPolicy.mayDisclose(confirmOnly, asker))
                    .as("case %d: %s to %s", n, confirmOnly, asker)
                    .isEqualTo(SharingPolicy.mayDisclose(published, asker));
            assertThat(SharingPolicy.mayPublish(confirmOnly, asker))
                    .as("case %d: %s to %s", n, confirmOnly, asker)
                    .isFalse();
        }
    }

    @Test
    void anUnknownSharingKindIsSharedWithNoOne() {
        Handling future =
                Handling.newBuilder().setTlp(Tlp.TLP_CLEAR).setSharingValue(99).build();
        Asker my = new Asker("MY-PDRM", Set.of("asean"));
        assertThat(SharingPolicy.mayDisclose(future, my)).isFalse();
        assertThat(SharingPolicy.mayPublish(future, my)).isFalse();
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
