package org.jaring.core.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jaring.v1.IndicatorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of examples in docs/protocol.md section 4.14, read from the document and checked against the code, so
 * the specification another state implements and the reference cannot drift apart.
 */
class CanonicalExamplesTest {
    static final Path PROTOCOL = Path.of("..", "docs", "protocol.md");
    private static final Pattern CODE_POINT = Pattern.compile("\\\\u\\{([0-9A-Fa-f]{1,6})}");
    private static final Pattern GIVEN = Pattern.compile("([a-z0-9-]+)(?: \\(([A-Z]{2})\\))?");

    /** One row: the type given (null for any), the region, the input, and the expected outcome. */
    record Example(
            IndicatorType given, String region, String input, String resultType, String expected, String warning) {
        boolean refused() {
            return resultType.equals("refused");
        }

        @Override
        public String toString() {
            return (given == null ? "any" : IndicatorTypeNames.name(given)) + " " + input;
        }
    }

    static List<Example> examples() throws IOException {
        List<String> lines = Files.readAllLines(PROTOCOL, StandardCharsets.UTF_8);
        int start = lines.indexOf("<!-- canonical-examples:start -->");
        int end = lines.indexOf("<!-- canonical-examples:end -->");
        assertThat(start).as("start marker in %s", PROTOCOL).isNotNegative();
        assertThat(end).as("end marker").isGreaterThan(start);
        List<Example> out = new ArrayList<>();
        for (String line : lines.subList(start + 3, end)) { // after the marker, the header and the rule
            List<String> cells = cells(line);
            assertThat(cells).as(line).hasSize(5);
            Matcher given = GIVEN.matcher(cells.get(0));
            assertThat(given.matches()).as("given type in %s", line).isTrue();
            IndicatorType type = given.group(1).equals("any")
                    ? null
                    : IndicatorTypeNames.parse(given.group(1).toLowerCase(Locale.ROOT));
            String region = given.group(2) == null ? "TH" : given.group(2);
            out.add(new Example(
                    type, region, unescape(cells.get(1)), cells.get(2), unescape(cells.get(3)), cells.get(4)));
        }
        return out;
    }

    /** The cells of a Markdown table row, "\|" kept as '|' inside a cell, backticks removed. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        String body = line.strip();
        body = body.substring(1, body.length() - 1); // outer pipes
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(stripTicks(cell.toString().strip()));
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(stripTicks(cell.toString().strip()));
        return cells;
    }

    private static String stripTicks(String s) {
        return s.length() >= 2 && s.startsWith("`") && s.endsWith("`") ? s.substring(1, s.length() - 1) : s;
    }

    static String unescape(String s) {
        Matcher m = CODE_POINT.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(Character.toString(Integer.parseInt(m.group(1), 16))));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Stream<Example> rows() throws IOException {
        return examples().stream();
    }

    @Test
    void theTableIsThere() throws IOException {
        assertThat(examples()).hasSizeGreaterThan(50);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachExampleHoldsInTheCode(Example e) throws InvalidIndicatorException {
        Canonicalizer canonicalizer = Canonicalizer.forRegion(e.region());
        IndicatorType asked = e.given() == null ? IndicatorType.INDICATOR_TYPE_UNSPECIFIED : e.given();
        if (e.refused()) {
            assertThatThrownBy(() -> canonicalizer.canonicalize(asked, e.input()))
                    .isInstanceOf(InvalidIndicatorException.class)
                    .hasMessageContaining(e.expected());
            return;
        }
        CanonicalValue value = canonicalizer.canonicalize(asked, e.input());
        assertThat(value.type()).isEqualTo(IndicatorTypeNames.parse(e.resultType()));
        assertThat(value.value()).isEqualTo(e.expected());
        if (e.warning().isEmpty()) {
            assertThat(value.warnings()).isEmpty();
        } else {
            assertThat(value.warnings()).anySatisfy(w -> assertThat(w).contains(e.warning()));
        }
        // The canonical form is a fixed point, given as its own type or without type.
        assertThat(canonicalizer.canonicalize(value.type(), value.value()).value())
                .isEqualTo(value.value());
    }
}
