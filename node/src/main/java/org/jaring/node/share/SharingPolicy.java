package org.jaring.node.share;

import org.jaring.v1.Audience;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;

/**
 * Decides, at the node that holds the data, whether a peer may learn of one indicator. The whole rule:
 *
 * <ol>
 *   <li>The effective handling is the indicator's own, else its case's default. With neither, the
 *       indicator is local: it is shared with no one until someone decides otherwise.</li>
 *   <li>{@code audience.local_only} and TLP:RED never leave the node.</li>
 *   <li>TLP:AMBER and TLP:AMBER+STRICT go only to peers named in {@code audience.nodes} or placed by this
 *       node's admins in one of {@code audience.groups}. An empty audience means no one.</li>
 *   <li>TLP:GREEN and TLP:CLEAR go to every trusted peer, unless the audience names nodes or groups: then
 *       only to those.</li>
 *   <li>Anything else (an unset or unknown TLP) is not shared: the rule fails closed.</li>
 * </ol>
 *
 * AMBER and AMBER+STRICT differ in what the receiving state may do next (pass on to its clients, or keep
 * within its own organisation); the hit carries its TLP so the receiver can honour that, and a node never
 * passes a peer's hit on to a third node.
 */
public final class SharingPolicy {
    private SharingPolicy() {}

    public static Handling effectiveHandling(Indicator indicator, Case owningCase) {
        if (indicator.hasHandling()) {
            return indicator.getHandling();
        }
        if (owningCase != null && owningCase.hasDefaultHandling()) {
            return owningCase.getDefaultHandling();
        }
        return null;
    }

    public static boolean mayDisclose(Handling handling, Asker asker) {
        if (handling == null) {
            return false;
        }
        Audience audience = handling.getAudience();
        if (audience.getLocalOnly()) {
            return false;
        }
        boolean narrowed = audience.getNodesCount() > 0 || audience.getGroupsCount() > 0;
        return switch (handling.getTlp()) {
            case TLP_CLEAR, TLP_GREEN -> !narrowed || isNamed(audience, asker);
            case TLP_AMBER, TLP_AMBER_STRICT -> isNamed(audience, asker);
            default -> false;
        };
    }

    private static boolean isNamed(Audience audience, Asker asker) {
        if (audience.getNodesList().contains(asker.nodeId())) {
            return true;
        }
        for (String group : audience.getGroupsList()) {
            if (asker.groups().contains(group)) {
                return true;
            }
        }
        return false;
    }
}
