package org.jaring.node.federation;

/**
 * Text that may hold a peer's words (an error description, a refusal reason naming a certificate field), made fit
 * for a status detail shown to an analyst and an audit record: control, line-separator, bidirectional and
 * surrogate characters escaped as {@code \\uXXXX}, and cut to a cap with a marker. A peer cannot forge a line or a column,
 * reorder what a terminal shows, or make a detail as long as it likes.
 */
final class BoundedText {
    /** A status detail: long enough for any reason this node writes, short enough for a table cell. */
    static final int MAX_DETAIL_CHARS = 300;

    private BoundedText() {}

    static String of(String text) {
        return of(text, MAX_DETAIL_CHARS);
    }

    static String of(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String piece = escapes(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c);
            if (out.length() + piece.length() > maxChars) {
                return out.append("...(cut)").toString();
            }
            out.append(piece);
        }
        return out.toString();
    }

    private static boolean escapes(char c) {
        return Character.isISOControl(c)
                || c == '\u2028'
                || c == '\u2029'
                || c == '\u061C'
                || c == '\u200E'
                || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || Character.isSurrogate(c); // never cut a pair in half, nor pass a lone half on
    }
}
