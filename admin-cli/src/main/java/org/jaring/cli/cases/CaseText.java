package org.jaring.cli.cases;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jaring.cli.UserError;
import org.jaring.cli.output.CodeNames;
import org.jaring.core.vocab.OffenceCodes;
import org.jaring.v1.Audience;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Offence;
import org.jaring.v1.Sharing;

/** How the case commands read and print handling, offences and times. */
final class CaseText {
    private CaseText() {}

    /**
     * "AMBER to MY-PDRM, group asean", "GREEN to every trusted peer, confirm-only", "local only", "local (no
     * handling)". Confirm-only is named; published, the default, is not.
     */
    static String handling(Handling h, boolean set) {
        return handling(CodeNames.CODES, h, set);
    }

    static String handling(CodeNames names, Handling h, boolean set) {
        if (!set) {
            return "local (no handling set)";
        }
        Audience a = h.getAudience();
        if (a.getLocalOnly()) {
            return names.tlp(h.getTlp()) + ", local only";
        }
        String kind = h.getSharing() == Sharing.SHARING_CONFIRM_ONLY ? ", confirm-only" : "";
        return names.tlp(h.getTlp()) + " to " + audience(h) + kind;
    }

    /**
     * An indicator's own handling as the node applies it: a sharing kind it does not name is its case default's
     * (docs/protocol.md, "Sharing policy").
     */
    static Handling effective(Handling own, Case c) {
        if (own.getSharing() == Sharing.SHARING_UNSPECIFIED && c.hasDefaultHandling()) {
            return own.toBuilder()
                    .setSharing(c.getDefaultHandling().getSharing())
                    .build();
        }
        return own;
    }

    /** "published" or "confirm-only" (unspecified reads as published), for a handling that is set; else "-". */
    static String sharing(Handling h, boolean set) {
        if (!set) {
            return "-";
        }
        return switch (h.getSharing()) {
            case SHARING_UNSPECIFIED, SHARING_PUBLISHED -> "published";
            case SHARING_CONFIRM_ONLY -> "confirm-only";
            default -> "unknown (" + h.getSharingValue() + "): shared with no one";
        };
    }

    static String tlp(CodeNames names, Handling h, boolean set) {
        return set ? names.tlp(h.getTlp()) : "-";
    }

    /** Whom the handling lets see the values, as the sharing policy reads it. */
    static String audience(Handling h) {
        Audience a = h.getAudience();
        if (a.getLocalOnly()) {
            return "no one (local only)";
        }
        List<String> named = new ArrayList<>(a.getNodesList());
        a.getGroupsList().forEach(g -> named.add("group " + g));
        return switch (h.getTlp()) {
            case TLP_RED -> "no one (RED)";
            case TLP_CLEAR, TLP_GREEN -> named.isEmpty() ? "every trusted peer" : String.join(", ", named);
            case TLP_AMBER, TLP_AMBER_STRICT ->
                named.isEmpty() ? "no one (AMBER names none)" : String.join(", ", named);
            default -> "no one";
        };
    }

    static String offences(List<Offence> offences) {
        return offences(CodeNames.CODES, offences);
    }

    static String offences(CodeNames names, List<Offence> offences) {
        return offences.isEmpty() ? "-" : names.offences(offences);
    }

    static List<Offence> parseOffences(List<String> texts) {
        List<Offence> out = new ArrayList<>();
        for (String t : texts) {
            try {
                out.add(OffenceCodes.parse(t));
            } catch (IllegalArgumentException e) {
                throw new UserError("--offence: " + e.getMessage());
            }
        }
        return out;
    }

    static String time(Timestamp t) {
        if (t.getSeconds() == 0 && t.getNanos() == 0) {
            return "-";
        }
        return Timestamps.toString(t).substring(0, 19).replace('T', ' ');
    }

    /** 2027-01-31 (the end of that day, UTC) or an instant such as 2027-01-31T12:00:00Z. */
    static Timestamp parseUntil(String text) {
        String t = text.strip();
        try {
            if (t.length() == 10) {
                Instant endOfDay = LocalDate.parse(t)
                        .plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
                return Timestamps.fromMillis(endOfDay.toEpochMilli() - 1000);
            }
            return Timestamps.fromMillis(Instant.parse(t).toEpochMilli());
        } catch (DateTimeParseException e) {
            throw new UserError("--valid-until: '" + text + "' is not a date; write 2027-01-31 (the end of that day,"
                    + " UTC) or 2027-01-31T12:00:00Z");
        }
    }
}
