package org.jaring.core.vocab;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jaring.v1.Offence;

/** The language-neutral offence codes (CC.FRAUD, ...) that people read and write for the Offence enum. */
public final class OffenceCodes {
    private static final String ENUM_PREFIX = "OFFENCE_";

    private OffenceCodes() {}

    public static String code(Offence offence) {
        return "CC." + offence.name().substring(ENUM_PREFIX.length());
    }

    /** Accepts CC.FRAUD, fraud or OFFENCE_FRAUD, in any case. */
    public static Offence parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("CC.")) {
            t = t.substring(3);
        } else if (t.startsWith(ENUM_PREFIX)) {
            t = t.substring(ENUM_PREFIX.length());
        }
        try {
            Offence o = Offence.valueOf(ENUM_PREFIX + t.replace('-', '_'));
            if (o != Offence.OFFENCE_UNSPECIFIED && o != Offence.UNRECOGNIZED) {
                return o;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below with the list of codes
        }
        throw new IllegalArgumentException("'" + text + "' is not an offence code; use one of " + all());
    }

    public static String all() {
        return Arrays.stream(Offence.values())
                .filter(o -> o != Offence.OFFENCE_UNSPECIFIED && o != Offence.UNRECOGNIZED)
                .map(OffenceCodes::code)
                .collect(Collectors.joining(", "));
    }
}
