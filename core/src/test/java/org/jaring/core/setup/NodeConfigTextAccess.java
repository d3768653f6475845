package org.jaring.core.setup;

/** Test access to NodeConfigText's package-private rules. */
public final class NodeConfigTextAccess {
    private NodeConfigTextAccess() {}

    public static String metricsListen(String adminListen) {
        return NodeConfigText.metricsListen(adminListen);
    }
}
