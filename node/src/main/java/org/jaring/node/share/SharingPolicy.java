package org.jaring.node.share;

import org.jaring.v1.Audience;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.Sharing;

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
 *   <li>Anything else (an unset or unknown TLP, an unknown sharing kind) is not shared: the rule fails
 *       closed.</li>
 * </ol>
 *
 * That decides who may <em>learn</em> of it, which is what a lookup answers ({@link #mayDisclose}). How it
 * reaches them is the handling's {@link Sharing} ({@link #mayPublish}): {@code SHARING_PUBLISHED} is also handed
 * over in bulk (the feed, an export for the peer); {@code SHARING_CONFIRM_ONLY} only answers a peer's question
 * about the value, and nothing in bulk ever carries it. An indicator's own handling without a sharing kind takes
 * its case default's; with none anywhere it is published, as before the setting existed.
 *
 * <p>AMBER and AMBER+STRICT differ in what the receiving state may do next (pass on to its clients, or keep
 * within its own organisation); the hit carries its TLP so the receiver can honour that, and a node never
 * passes a peer's hit on to a third node.
 */
public final class SharingPolicy {
    private SharingPolicy() {}

    public static Handling effectiveHandling(Indicator indicator, Case owningCase) {
        if (indicator.hasHandling()) {
            Handling own = indicator.getHandling();
            // The sharing kind is inherited on its own: an indicator given its own TLP (an import's tlp column)
            // stays confirm-only when its case is. Copied only then, so the common path allocates nothing.
            if (own.getSharingValue() == Sharing.SHARING_UNSPECIFIED_VALUE
                    && owningCase != null
                    && owningCase.getDefaultHandling().getSharingValue() != Sharing.SHARING_UNSPECIFIED_VALUE) {
                return own.toBuilder()
                        .setSharingValue(owningCase.getDefaultHandling().getSharingValue())
                        .build();
            }
            return own;
        }
        if (owningCase != null && owningCase.hasDefaultHandling()) {
            return owningCase.getDefaultHandling();
        }
        return null;
    }

    /**
     * The audience of a record that may leave this node at all, or null: no handling, a sharing kind this node does
     * not know (a newer writer's), or local only. Both disclosure questions start here, so they cannot drift apart.
     */
    private static Audience audienceBeyondThisNode(Handling handling) {
        if (handling == null || handling.getSharing() == Sharing.UNRECOGNIZED) {
            return null;
        }
        Audience audience = handling.getAudience();
        return audience.getLocalOnly() ? null : audience;
    }

    /**
     * Whether {@code asker} may learn of it when it asks about the value (a lookup, a sighting report), whatever
     * its sharing kind: a confirm-only record is answered exactly when a published one would be.
     */
    public static boolean mayDisclose(Handling handling, Asker asker) {
        Audience audience = audienceBeyondThisNode(handling);
        if (audience == null) {
            return false;
        }
        boolean narrowed = audience.getNodesCount() > 0 || audience.getGroupsCount() > 0;
        return switch (handling.getTlp()) {
            case TLP_CLEAR, TLP_GREEN -> !narrowed || isNamed(audience, asker);
            case TLP_AMBER, TLP_AMBER_STRICT -> isNamed(audience, asker);
            default -> false;
        };
    }

    /**
     * Whether some peer could be told of it when it asks: {@link #mayDisclose} for at least one possible asker. Errs
     * toward yes (an audience group no peer is in yet still counts): what it selects is only looked at, and each
     * answer checks {@link #mayDisclose} for its own asker.
     */
    public static boolean mayDiscloseToSomePeer(Handling handling) {
        Audience audience = audienceBeyondThisNode(handling);
        if (audience == null) {
            return false;
        }
        boolean narrowed = audience.getNodesCount() > 0 || audience.getGroupsCount() > 0;
        return switch (handling.getTlp()) {
            case TLP_CLEAR, TLP_GREEN -> true;
            case TLP_AMBER, TLP_AMBER_STRICT -> narrowed;
            default -> false;
        };
    }

    /**
     * Whether it may be handed to {@code asker} in bulk, unasked: in the feed, in an export for that peer. Only
     * published records the asker may learn of; a confirm-only one never, whoever asks.
     */
    public static boolean mayPublish(Handling handling, Asker asker) {
        return mayDisclose(handling, asker) && published(handling);
    }

    /** Published, or left unspecified (which reads as published where no case default says otherwise). */
    static boolean published(Handling handling) {
        return switch (handling.getSharing()) {
            case SHARING_UNSPECIFIED, SHARING_PUBLISHED -> true;
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
