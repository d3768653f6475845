package org.jaring.core.indicator;

import com.ibm.icu.text.UnicodeSet;
import java.util.Locale;

/**
 * Which code points may appear in a value, decided per code point (never per UTF-16 unit, so characters above
 * U+FFFF such as the tag characters U+E0000-U+E007F and the shorthand format controls U+1BCA0-U+1BCA3 are judged
 * like any other).
 *
 * <p>Refused anywhere in a value: a character that is invisible or changes how its neighbours are shown, because
 * two keys would then look like one on screen. The class is closed by Unicode properties rather than a list:
 * general categories Cc (controls), Cf (format, including every bidi control), Zl, Zp, Cs (a surrogate that is not
 * half of a pair), Co (private use: no agreed glyph), Cn (unassigned: its meaning may still change), and every
 * Default_Ignorable_Code_Point (variation selectors, Hangul fillers, the combining grapheme joiner, tag characters).
 *
 * <p>Trimmed at both ends: every Unicode white space (Zs, including the no-break spaces U+00A0, U+2007 and U+202F
 * and the ideographic space U+3000; tab, line feed and the other white-space controls), plus U+FEFF and U+200B,
 * which spreadsheets and copied web text leave at the edges of cells. Inside a value, spaces are the type's
 * business (IBANs and phone numbers are written with them).
 */
final class Characters {
    static final UnicodeSet INVISIBLE =
            new UnicodeSet("[[:Cc:][:Cf:][:Zl:][:Zp:][:Cs:][:Co:][:Cn:][:Default_Ignorable_Code_Point:]]").freeze();
    private static final UnicodeSet TRIMMED = new UnicodeSet("[[:White_Space:][:Zs:]\\uFEFF\\u200B]").freeze();

    private Characters() {}

    /** The value without white space and edge marks at either end. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end) {
            int c = s.codePointAt(start);
            if (!isTrimmed(c)) {
                break;
            }
            start += Character.charCount(c);
        }
        while (end > start) {
            int c = s.codePointBefore(end);
            if (!isTrimmed(c)) {
                break;
            }
            end -= Character.charCount(c);
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    private static boolean isTrimmed(int c) {
        return c == ' ' || ((c > 0x7e || c < 0x20) && TRIMMED.contains(c));
    }

    /** Null when every code point may appear; otherwise the reason naming the first one that may not. */
    static String firstInvisible(String s) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char u = s.charAt(i);
            if (u >= 0x20 && u < 0x7f) {
                i++; // printable ASCII, most of every value: never invisible
                continue;
            }
            int c = s.codePointAt(i);
            if (INVISIBLE.contains(c)) {
                return String.format(
                        Locale.ROOT,
                        "the value contains an invisible, format or control character (U+%04X) at position %d;"
                                + " remove it",
                        c,
                        s.codePointCount(0, i) + 1);
            }
            i += Character.charCount(c);
        }
        return null;
    }
}
