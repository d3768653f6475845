package org.jaring.core.vocab;

import java.util.Locale;
import org.jaring.v1.Tlp;

/** TLP 2.0 labels as people write them: CLEAR, GREEN, AMBER, AMBER+STRICT, RED. */
public final class TlpNames {
    private TlpNames() {}

    public static String label(Tlp tlp) {
        return switch (tlp) {
            case TLP_CLEAR -> "CLEAR";
            case TLP_GREEN -> "GREEN";
            case TLP_AMBER -> "AMBER";
            case TLP_AMBER_STRICT -> "AMBER+STRICT";
            case TLP_RED -> "RED";
            default -> "-";
        };
    }

    public static Tlp parse(String text) {
        String t = text.trim()
                .toUpperCase(Locale.ROOT)
                .replace("TLP:", "")
                .replace('+', '_')
                .replace('-', '_');
        return switch (t) {
            case "CLEAR", "WHITE" -> Tlp.TLP_CLEAR;
            case "GREEN" -> Tlp.TLP_GREEN;
            case "AMBER" -> Tlp.TLP_AMBER;
            case "AMBER_STRICT" -> Tlp.TLP_AMBER_STRICT;
            case "RED" -> Tlp.TLP_RED;
            default ->
                throw new IllegalArgumentException(
                        "'" + text + "' is not a TLP 2.0 level; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED");
        };
    }
}
