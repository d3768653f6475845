package org.jaring.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.jaring.core.failure.FieldViolation;
import org.jaring.core.failure.InvalidInputException;
import org.jaring.core.failure.Violations;
import org.junit.jupiter.api.Test;

/** Seeded property tests: whatever text comes in, what is printed is one line of visible characters. */
class SafeTextTest {
    /** Characters an attacker reaches for, and ordinary ones around them. */
    private static final int[] HOSTILE = {
        '\r', '\n', '\t', 0, 0x1b, 0x07, 0x08, 0x7f, 0x85, 0x9b, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
        0x2066, 0x2067, 0x2068, 0x2069, 0x200b, 0x200d, 0x200e, 0x200f, 0xfeff, 0xe0041, 0xd800, 0xdfff, '"', '\\', '=',
        ' ', 'a', 'Z', '9', 0xe01, 0x4e2d, 0x1f600, 0x0634
    };

    static String hostile(Random rnd, int maxLength) {
        StringBuilder b = new StringBuilder();
        int n = rnd.nextInt(maxLength + 1);
        for (int i = 0; i < n; i++) {
            int cp = rnd.nextInt(4) == 0 ? rnd.nextInt(0x30000) : HOSTILE[rnd.nextInt(HOSTILE.length)];
            if (cp >= 0xd800 && cp <= 0xdfff) {
                b.append((char) cp); // a lone surrogate, as a hostile UTF-16 producer could send
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    /** Reverses {@link SafeText#quote} for text that was not cut. */
    static String unquote(String q) {
        assertThat(q).startsWith("\"").endsWith("\"");
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < q.length() - 1; i++) {
            char c = q.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = q.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case '"', '\\' -> b.append(e);
                case 'u' -> {
                    int close = q.indexOf('}', i);
                    int cp = Integer.parseInt(q.substring(i + 2, close), 16);
                    if (cp >= 0xd800 && cp <= 0xdfff) {
                        b.append((char) cp);
                    } else {
                        b.appendCodePoint(cp);
                    }
                    i = close;
                }
                default -> throw new AssertionError("unknown escape \\" + e + " in " + q);
            }
        }
        return b.toString();
    }

    private static void assertVisibleOneLine(String s) {
        s.codePoints()
                .forEach(cp -> assertThat(SafeText.isUnsafe(cp))
                        .as("U+%04X printed raw in %s", cp, s)
                        .isFalse());
        assertThat(s).doesNotContain("\r", "\n", "\u001b", "\u0000", "\u2028", "\u202e");
    }

    @Test
    void quotedTextIsOneVisibleLineAndDecodesBackExactly() {
        Random rnd = new Random(20261207L);
        for (int i = 0; i < 20_000; i++) {
            String in = hostile(rnd, 60);
            String q = SafeText.quote(in, 1_000);
            assertVisibleOneLine(q);
            assertThat(unquote(q)).as("case %d", i).isEqualTo(in);
        }
    }

    @Test
    void longTextIsCutByCodePointsWithAMarkerSayingHowMuch() {
        Random rnd = new Random(7L);
        for (int i = 0; i < 5_000; i++) {
            String in = hostile(rnd, 400);
            int cap = 1 + rnd.nextInt(100);
            int points = in.codePointCount(0, in.length());
            String q = SafeText.quote(in, cap);
            assertVisibleOneLine(q);
            if (points <= cap) {
                assertThat(q).doesNotContain("…(+");
                assertThat(unquote(q)).isEqualTo(in);
            } else {
                assertThat(q).endsWith("…(+" + (points - cap) + " chars)");
                String kept = unquote(q.substring(0, q.lastIndexOf("…(+")));
                assertThat(in).startsWith(kept);
                assertThat(kept.codePointCount(0, kept.length())).isEqualTo(cap);
            }
            String line = SafeText.line(in, cap);
            assertVisibleOneLine(line);
        }
    }

    @Test
    void aForgedLogLineStaysInsideItsQuotes() {
        String forged = "CASE-1\"\r\n2026-12-07 INFO node TH-CCIB granted \u001b[2Kfull access\u0000\u202e";
        String q = SafeText.quote(forged);
        assertThat(q)
                .isEqualTo(
                        "\"CASE-1\\\"\\r\\n2026-12-07 INFO node TH-CCIB granted \\u{1b}[2Kfull access\\u{0}\\u{202e}\"");
        assertThat(SafeText.line("a\\b\r\n")).isEqualTo("a\\b\\r\\n");
        assertThat(SafeText.block("line 1\nline 2\r\n\u001b[31mred")).isEqualTo("line 1\nline 2\\r\n\\u{1b}[31mred");
        assertThat(SafeText.quote(null)).isEqualTo("null");
    }

    @Test
    void theRulesNameTheFieldAndNeverRepeatTheText() {
        Violations v = new Violations();
        TextRules.line("request.issuing_authority", "TH CCIB\r\nMY-PDRM approved", 200, v);
        TextRules.block("request.summary_of_facts", "line one\nline two\r\n\ttab", 10_000, v);
        TextRules.block("note", "escape \u001b[2J", 10_000, v);
        TextRules.line("analyst", "x".repeat(201), 200, v);
        TextRules.line("case_reference", "abc\u202edcba", 100, v);
        TextRules.line("unit", "ZWNJ\u200cis fine", 100, v);
        TextRules.uuid("request_id", "../../etc/passwd\r\n", v);
        TextRules.uuid("sighting_id", "6F9619FF-8B86-D011-B42D-00C04FC964FF", v);
        TextRules.uuid("ok", "6f9619ff-8b86-d011-b42d-00c04fc964ff", v);
        var problems = violations(v);
        assertThat(problems)
                .extracting(FieldViolation::field)
                .containsExactly(
                        "request.issuing_authority", "note", "analyst", "case_reference", "request_id", "sighting_id");
        assertThat(problems.get(0).problem()).contains("U+000D").doesNotContain("MY-PDRM");
        assertThat(problems.get(2).problem()).contains("longer than 200");
        assertThat(problems.get(4).problem()).doesNotContain("\r", "\n");
    }

    @Test
    void everyForbiddenCharacterIsRefusedInEveryKindOfField() {
        Random rnd = new Random(99L);
        for (int i = 0; i < 5_000; i++) {
            String in = hostile(rnd, 30);
            for (boolean lines : new boolean[] {false, true}) {
                Violations v = new Violations();
                if (lines) {
                    TextRules.block("f", in, 1_000, v);
                } else {
                    TextRules.line("f", in, 1_000, v);
                }
                // codePoints() yields a lone surrogate as itself, so this covers them too
                boolean bad = in.codePoints().anyMatch(cp -> TextRules.forbidden(cp, lines));
                assertThat(!v.isEmpty())
                        .as("%s in %s field", SafeText.quote(in), lines ? "multi-line" : "one-line")
                        .isEqualTo(bad);
                if (!v.isEmpty()) {
                    continue;
                }
                assertThat(in).doesNotContain("\u0000", "\u001b", "\u202e", "\u2028");
                if (!lines) {
                    assertThat(in).doesNotContain("\r", "\n", "\t");
                }
            }
        }
    }

    private static List<FieldViolation> violations(Violations v) {
        try {
            v.throwIfAny();
            return List.of();
        } catch (InvalidInputException e) {
            return e.violations();
        }
    }
}
