package org.jaring.core.text;

/**
 * Text that someone else wrote (a peer node, an analyst, an admin), made safe to print on one line of a log or
 * a terminal. Every character that can move the cursor, end a line, switch a terminal mode or reorder what the
 * reader sees is written as a visible escape: CR, LF, TAB as {@code \r \n \t}, every other control character
 * (C0, DEL, C1 such as NEL), format character (bidi embeddings, overrides and isolates, zero-width characters,
 * tag characters, BOM), line and paragraph separator, lone surrogate and unassigned code point (a later
 * Unicode may make it a format character) as {@code \}{@code u{hex}}. Long text is cut, by
 * code points so no surrogate pair is split, with a marker saying how much was left out.
 *
 * <p>Nothing here rejects text: validation is the feature's job ({@link TextRules}); this is the last line of
 * defence for whatever is printed anyway.
 */
public final class SafeText {
    /** Default cap for a value in a log line, in code points. */
    public static final int LOG_CAP = 200;

    private SafeText() {}

    /**
     * For a log line: the text in double quotes, with {@code "} and {@code \} escaped as well so the quoted value
     * cannot end early and fake {@code key=value} pairs after it; at most {@link #LOG_CAP} code points.
     */
    public static String quote(String text) {
        return quote(text, LOG_CAP);
    }

    public static String quote(String text, int cap) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), cap) + 8).append('"');
        int cut = append(b, text, cap, true, false);
        b.append('"');
        return cut == 0 ? b.toString() : b.append(marker(cut)).toString();
    }

    /**
     * For one line of a table or a stored reason shown later: escaped as above but not quoted (a backslash stays
     * as it is), at most {@code cap} code points.
     */
    public static String line(String text, int cap) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), cap) + 8);
        int cut = append(b, text, cap, false, false);
        return cut == 0 ? b.toString() : b.append(marker(cut)).toString();
    }

    /** One line, however long. */
    public static String line(String text) {
        return line(text, Integer.MAX_VALUE);
    }

    /**
     * For a block printed on its own lines (a released answer, a summary of facts): line feeds and tabs are kept,
     * everything else is escaped as in {@link #line}.
     */
    public static String block(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 8);
        append(b, text, Integer.MAX_VALUE, false, true);
        return b.toString();
    }

    /** Whether {@code cp} must never be printed as it is. */
    public static boolean isUnsafe(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE,
                    Character.UNASSIGNED -> true;
            default -> false;
        };
    }

    /** Appends at most {@code cap} code points of {@code text}, escaped; returns how many code points were left out. */
    private static int append(StringBuilder b, String text, int cap, boolean quoted, boolean keepLines) {
        int taken = 0;
        int i = 0;
        while (i < text.length()) {
            if (taken == cap) {
                return text.codePointCount(i, text.length());
            }
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            taken++;
            if (quoted && (cp == '"' || cp == '\\')) {
                b.append('\\').append((char) cp);
            } else if (keepLines && (cp == '\n' || cp == '\t')) {
                b.append((char) cp);
            } else if (cp == '\n') {
                b.append("\\n");
            } else if (cp == '\r') {
                b.append("\\r");
            } else if (cp == '\t') {
                b.append("\\t");
            } else if (isUnsafe(cp)) {
                b.append("\\u{").append(Integer.toHexString(cp)).append('}');
            } else {
                b.appendCodePoint(cp);
            }
        }
        return 0;
    }

    private static String marker(int cut) {
        return "…(+" + cut + " chars)";
    }
}
