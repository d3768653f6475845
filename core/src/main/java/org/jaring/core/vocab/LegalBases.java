package org.jaring.core.vocab;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jaring.v1.LegalBasis;

/** Legal bases as people type them: asean-mlat, budapest, un-cybercrime, police-cooperation, ... */
public final class LegalBases {
    private static final String PREFIX = "LEGAL_BASIS_";

    private LegalBases() {}

    public static String name(LegalBasis basis) {
        return basis.name().substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static LegalBasis parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (t.startsWith(PREFIX)) {
            t = t.substring(PREFIX.length());
        }
        try {
            LegalBasis b = LegalBasis.valueOf(PREFIX + t);
            if (b != LegalBasis.LEGAL_BASIS_UNSPECIFIED && b != LegalBasis.UNRECOGNIZED) {
                return b;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below with the list
        }
        throw new IllegalArgumentException("'" + text + "' is not a legal basis; use one of " + all());
    }

    public static String all() {
        return Arrays.stream(LegalBasis.values())
                .filter(b -> b != LegalBasis.LEGAL_BASIS_UNSPECIFIED && b != LegalBasis.UNRECOGNIZED)
                .map(LegalBases::name)
                .collect(Collectors.joining(", "));
    }
}
