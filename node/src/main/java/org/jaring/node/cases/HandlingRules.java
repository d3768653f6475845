package org.jaring.node.cases;

import java.util.List;
import java.util.regex.Pattern;
import org.jaring.core.failure.Violations;
import org.jaring.v1.Audience;
import org.jaring.v1.Handling;
import org.jaring.v1.Offence;
import org.jaring.v1.Sharing;
import org.jaring.v1.Tlp;

/** Field rules shared by cases and indicators: handling, audience, offence codes. */
final class HandlingRules {
    static final Pattern NODE_ID = Pattern.compile("[A-Z]{2}-[A-Z0-9]{1,16}");
    static final Pattern GROUP = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private HandlingRules() {}

    static void checkHandling(String field, Handling handling, Violations violations) {
        Tlp tlp = handling.getTlp();
        if (tlp == Tlp.UNRECOGNIZED) {
            violations.add(
                    field + ".tlp",
                    "unknown TLP value " + handling.getTlpValue() + "; use CLEAR, GREEN, AMBER, AMBER_STRICT or RED");
        } else if (tlp == Tlp.TLP_UNSPECIFIED) {
            violations.add(field + ".tlp", "missing; a handling must name its TLP level");
        }
        if (handling.getSharing() == Sharing.UNRECOGNIZED) {
            violations.add(
                    field + ".sharing",
                    "unknown sharing kind " + handling.getSharingValue()
                            + "; use SHARING_PUBLISHED or SHARING_CONFIRM_ONLY, or leave it unset to inherit");
        }
        Audience audience = handling.getAudience();
        for (int i = 0; i < audience.getNodesCount(); i++) {
            String node = audience.getNodes(i);
            if (!NODE_ID.matcher(node).matches()) {
                violations.add(
                        field + ".audience.nodes[" + i + "]",
                        "'" + node + "' is not a node ID; expected CC-UNIT such as MY-PDRM");
            }
        }
        for (int i = 0; i < audience.getGroupsCount(); i++) {
            String group = audience.getGroups(i);
            if (!GROUP.matcher(group).matches()) {
                violations.add(
                        field + ".audience.groups[" + i + "]",
                        "'" + group + "' is not a group name; use lower-case letters, digits, '-' or '_' (at most 32)");
            }
        }
    }

    static void checkOffences(String field, List<Offence> offences, List<Integer> raw, Violations violations) {
        for (int i = 0; i < offences.size(); i++) {
            Offence offence = offences.get(i);
            if (offence == Offence.UNRECOGNIZED) {
                violations.add(
                        field + "[" + i + "]",
                        "unknown offence code " + raw.get(i) + "; docs/protocol.md lists the codes");
            } else if (offence == Offence.OFFENCE_UNSPECIFIED) {
                violations.add(field + "[" + i + "]", "OFFENCE_UNSPECIFIED is not an offence; leave it out");
            }
        }
    }
}
