package org.jaring.core.text;

import java.util.regex.Pattern;
import org.jaring.core.failure.Violations;

/**
 * The rules every identifier and free-text field from outside the node (a peer, or an analyst) meets before it is
 * stored, used as a key or shown: docs/protocol.md, "Identifiers and free text from peers".
 *
 * <ul>
 *   <li>An identifier chosen by the other side that becomes a key (request_id, sighting_id, a lookup's
 *       request_id) is a canonical lower-case UUID, {@code 8-4-4-4-12} hex digits, nothing else.</li>
 *   <li>Free text has a length cap per field (counted in UTF-16 code units, as Java and protobuf-java count).</li>
 *   <li>No free text holds a control character (C0, DEL, C1), a line or paragraph separator, a bidi
 *       embedding, override or isolate (U+202A-U+202E, U+2066-U+2069) or a lone surrogate; multi-line fields
 *       (facts, notes, answers) may hold TAB, LF and CR. Other format characters (ZWJ, ZWNJ, LRM, RLM), which
 *       some scripts need, are kept and escaped wherever the text is printed ({@link SafeText}).</li>
 * </ul>
 * Messages name the field and the problem and never repeat the text.
 */
public final class TextRules {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private TextRules() {}

    public static boolean isUuid(String value) {
        return value != null && UUID.matcher(value).matches();
    }

    /** A peer- or client-chosen ID that becomes a key: a canonical lower-case UUID. */
    public static void uuid(String field, String value, Violations v) {
        if (value == null || value.isEmpty()) {
            v.add(field, "missing; a lower-case UUID is required");
        } else if (!isUuid(value)) {
            v.add(field, "is not a lower-case UUID (8-4-4-4-12 hex digits): " + SafeText.quote(value, 40));
        }
    }

    /** A one-line field: at most {@code cap} characters, none of them a control character. */
    public static void line(String field, String value, int cap, Violations v) {
        check(field, value, cap, false, v);
    }

    /** A multi-line field: as {@link #line} but TAB, LF and CR are allowed. */
    public static void block(String field, String value, int cap, Violations v) {
        check(field, value, cap, true, v);
    }

    private static void check(String field, String value, int cap, boolean lines, Violations v) {
        if (value.length() > cap) {
            v.add(field, "longer than " + cap + " characters (" + value.length() + ")");
            return;
        }
        int bad = firstForbidden(value, lines);
        if (bad >= 0) {
            int cp = value.codePointAt(bad);
            v.add(
                    field,
                    String.format(
                            "holds the control character U+%04X at position %d; %s",
                            cp,
                            bad,
                            lines ? "only TAB, LF and CR are allowed" : "this field is one line of printable text"));
        }
    }

    /** Index of the first character {@code value} may not hold, or -1. */
    public static int firstForbidden(String value, boolean lines) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (forbidden(cp, lines)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    static boolean forbidden(int cp, boolean lines) {
        if (lines && (cp == '\t' || cp == '\n' || cp == '\r')) {
            return false;
        }
        if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE ->
                true;
            default -> false;
        };
    }
}
