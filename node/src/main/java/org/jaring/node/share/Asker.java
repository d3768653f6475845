package org.jaring.node.share;

import java.util.Set;

/**
 * A peer as the answering node sees it: its node ID from its verified certificate and the groups that this
 * node's own admins put it in. Nothing the peer says about itself counts.
 */
public record Asker(String nodeId, Set<String> groups) {
    public Asker {
        groups = Set.copyOf(groups);
    }
}
