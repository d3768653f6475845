package org.jaring.node.federation;

import org.jaring.v1.LookupMode;

/** The names of the lookup modes in node.yaml and on the command line: plain, blind, blind-where-supported. */
public final class LookupModes {
    private LookupModes() {}

    /** The mode named {@code name} (already validated by the config loader or the CLI). */
    public static LookupMode parse(String name) {
        return switch (name) {
            case "blind" -> LookupMode.LOOKUP_MODE_BLIND;
            case "blind-where-supported" -> LookupMode.LOOKUP_MODE_BLIND_WHERE_SUPPORTED;
            case "plain" -> LookupMode.LOOKUP_MODE_PLAIN;
            default -> throw new IllegalArgumentException("unknown lookup mode '" + name + "'");
        };
    }

    /** The name of {@code mode} as the CLI shows it. */
    public static String name(LookupMode mode) {
        return switch (mode) {
            case LOOKUP_MODE_BLIND -> "blind";
            case LOOKUP_MODE_BLIND_WHERE_SUPPORTED -> "blind-where-supported";
            case LOOKUP_MODE_PLAIN -> "plain";
            default -> "";
        };
    }
}
