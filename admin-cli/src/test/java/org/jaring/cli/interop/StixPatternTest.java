package org.jaring.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The STIX 2.1 pattern grammar: what parses, what the tree says, and clean refusals for everything else. */
class StixPatternTest {
    private static StixPattern.Test single(String pattern) throws Exception {
        StixPattern.Observed o = (StixPattern.Observed) StixPattern.parse(pattern);
        return (StixPattern.Test) o.comparison();
    }

    @Test
    void aUrlOfTheFullAllowedLengthAndFarBeyondParsesWithoutStackOverflow() throws Exception {
        // The old comparison regex overflowed the stack at about 1,700 characters.
        for (int length : new int[] {1_700, 2_048, 200_000}) {
            String url = "https://evil.example/" + "a'b\\".repeat(length / 4);
            String escaped = url.replace("\\", "\\\\").replace("'", "\\'");
            StixPattern.Test t = single("[url:value = '" + escaped + "']");
            assertThat(t.literal()).isEqualTo(url);
            assertThat(t.objectType()).isEqualTo("url");
            assertThat(t.path()).isEqualTo("value");
        }
    }

    @Test
    void anUnbalancedBracketOrParenthesisIsASyntaxErrorNamingWhatIsMissing() {
        assertThatThrownBy(() -> StixPattern.parse("[url:value = 'http://a.example/'"))
                .isInstanceOf(StixPattern.SyntaxError.class)
                .hasMessageContaining("']' to close the '[' at character 1");
        assertThatThrownBy(() -> StixPattern.parse("([ipv4-addr:value = '1.2.3.4']"))
                .hasMessageContaining("')'");
        assertThatThrownBy(() -> StixPattern.parse("[ipv4-addr:value = '1.2.3.4']]"))
                .hasMessageContaining("after a complete pattern");
        assertThatThrownBy(() -> StixPattern.parse("[url:value = 'never closed]"))
                .hasMessageContaining("not closed");
    }

    @Test
    void stringEscapesFollowTheSpecOnlyQuoteAndBackslash() throws Exception {
        assertThat(single("[url:value = 'it\\'s a \\\\ path']").literal()).isEqualTo("it's a \\ path");
        assertThatThrownBy(() -> StixPattern.parse("[url:value = 'a\\nb']"))
                .hasMessageContaining("only \\' and \\\\ are escapes");
    }

    @Test
    void quotedPathComponentsAndTheFullGrammarParse() throws Exception {
        StixPattern.Test hash = single("[file:hashes.'SHA-256' = 'aa']");
        assertThat(hash.path()).isEqualTo("hashes.SHA-256");
        assertThatThrownBy(() -> StixPattern.parse("[file:hashes.SHA-256 = 'aa']"))
                .hasMessageContaining("must be quoted");
        // Every construct of the grammar parses (the reader refuses most of them, but as unsupported, not broken).
        StixPattern.parse(
                "[a:b = 'x' AND a:c != 3] FOLLOWEDBY ([a:d LIKE 'y%'] OR [a:e MATCHES '^z'])" + " WITHIN 300 SECONDS");
        StixPattern.parse("[network-traffic:dst_port IN (80, 443)] REPEATS 5 TIMES"
                + " START t'2026-01-01T00:00:00Z' STOP t'2026-02-01T00:00:00Z'");
        StixPattern.parse("[x:refs[*].value NOT = 'a' OR (x:y[0] > 1.5 AND x:z == true)] AND [EXISTS x:q]");
        StixPattern.parse("[artifact:payload_bin = b'AAEC' OR artifact:x = h'00ff']");
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "(".repeat(100_000) + "[a:b = 'c']" + ")".repeat(100_000);
        assertThatThrownBy(() -> StixPattern.parse(deep)).hasMessageContaining("nested deeper than");
        String deepComparison = "[" + "(".repeat(100_000) + "a:b = 'c'" + ")".repeat(100_000) + "]";
        assertThatThrownBy(() -> StixPattern.parse(deepComparison)).hasMessageContaining("nested deeper than");
    }

    @Test
    void garbageIsASyntaxErrorWithAPosition() {
        assertThatThrownBy(() -> StixPattern.parse("")).hasMessageContaining("the end of the pattern");
        assertThatThrownBy(() -> StixPattern.parse("[ipv4-addr:value = 1.2.3.4]"))
                .hasMessageContaining("at character");
        assertThatThrownBy(() -> StixPattern.parse("[ipv4-addr:value ~ 'a']")).hasMessageContaining("'~'");
        assertThatThrownBy(() -> StixPattern.parse("[IPV4:value = 'a']")).hasMessageContaining("object type");
    }
}
