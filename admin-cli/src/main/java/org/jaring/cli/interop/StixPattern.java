package org.jaring.cli.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A parser of the STIX 2.1 patterning grammar (STIX 2.1 section 9, the OASIS ANTLR grammar STIXPattern.g4),
 * written by hand as a scanner plus recursive descent: every character is looked at a fixed number of times,
 * so a 2,048-character URL costs what it costs and cannot blow the stack the way a backtracking regex over the
 * value did. Nesting of brackets and parentheses is bounded ({@value #MAX_DEPTH}) for the same reason.
 *
 * <p>String literals follow the spec: {@code '...'} where only {@code \'} and {@code \\} are escapes; any
 * other backslash is a syntax error. The result is a tree; {@link StixReader} decides which trees it imports.
 */
final class StixPattern {
    static final int MAX_DEPTH = 64;

    /** A pattern that does not follow the grammar; {@code offset} is the character where it went wrong. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message, int offset) {
            super(message + " (at character " + (offset + 1) + ")", null, false, false);
        }
    }

    /** An observation expression: a bracketed comparison, or two observation expressions and an operator. */
    sealed interface Observation permits Observed, Observations {}

    /** {@code [comparison]} with its qualifiers (WITHIN, REPEATS, START ... STOP), if any. */
    record Observed(Comparison comparison, boolean qualified) implements Observation {}

    /** {@code left OP right} with OP one of AND, OR, FOLLOWEDBY; {@code qualified} when qualifiers follow it. */
    record Observations(String operator, Observation left, Observation right, boolean qualified)
            implements Observation {}

    sealed interface Comparison permits Test, Comparisons {}

    /** {@code left OP right} with OP AND or OR. */
    record Comparisons(String operator, Comparison left, Comparison right) implements Comparison {}

    /**
     * One property test: {@code objectType:path [NOT] operator literal}. {@code path} is the property path
     * with quoted components unquoted ({@code hashes.SHA-256}); {@code literal} a string literal's text after
     * unescaping, or the source text of any other literal; {@code string} says which.
     */
    record Test(String objectType, String path, boolean negated, String operator, String literal, boolean string)
            implements Comparison {}

    private static final Set<String> COMPARISON_WORDS = Set.of("LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET", "IN");

    private enum Kind {
        LBRACKET,
        RBRACKET,
        LPAREN,
        RPAREN,
        COLON,
        DOT,
        COMMA,
        OPERATOR,
        WORD,
        STRING,
        NUMBER,
        TYPED, // t'...', h'...', b'...'
        END
    }

    private record Token(Kind kind, String text, int offset) {}

    private final String source;
    private final List<Token> tokens;
    private int next;
    private int depth;

    private StixPattern(String source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    static Observation parse(String pattern) throws SyntaxError {
        StixPattern p = new StixPattern(pattern, scan(pattern));
        Observation o = p.observationExpressions();
        Token t = p.peek();
        if (t.kind() != Kind.END) {
            throw new SyntaxError("unexpected '" + t.text() + "' after a complete pattern", t.offset());
        }
        return o;
    }

    // ---- parser: one method per rule of the grammar ----

    /** observationExpressions: observationExpressionOr (FOLLOWEDBY observationExpressionOr)* */
    private Observation observationExpressions() throws SyntaxError {
        Observation left = observationOr();
        while (word("FOLLOWEDBY")) {
            left = new Observations("FOLLOWEDBY", left, observationOr(), false);
        }
        return left;
    }

    private Observation observationOr() throws SyntaxError {
        Observation left = observationAnd();
        while (word("OR")) {
            left = new Observations("OR", left, observationAnd(), false);
        }
        return left;
    }

    private Observation observationAnd() throws SyntaxError {
        Observation left = observation();
        while (word("AND")) {
            left = new Observations("AND", left, observation(), false);
        }
        return left;
    }

    /** '[' comparisonExpression ']' qualifier* | '(' observationExpressions ')' qualifier* */
    private Observation observation() throws SyntaxError {
        Token t = take();
        enter(t);
        Observation result;
        if (t.kind() == Kind.LBRACKET) {
            Comparison c = comparisonOr();
            expect(Kind.RBRACKET, "']' to close the '[' at character " + (t.offset() + 1));
            result = new Observed(c, qualifiers());
        } else if (t.kind() == Kind.LPAREN) {
            Observation inner = observationExpressions();
            expect(Kind.RPAREN, "')' to close the '(' at character " + (t.offset() + 1));
            boolean q = qualifiers();
            result = q ? qualify(inner) : inner;
        } else {
            throw new SyntaxError("expected '[' or '(' to start an observation, found " + describe(t), t.offset());
        }
        depth--;
        return result;
    }

    private static Observation qualify(Observation o) {
        if (o instanceof Observed d) {
            return new Observed(d.comparison(), true);
        }
        Observations s = (Observations) o;
        return new Observations(s.operator(), s.left(), s.right(), true);
    }

    /** START t'..' STOP t'..' | WITHIN number SECONDS | REPEATS int TIMES, any number of them. */
    private boolean qualifiers() throws SyntaxError {
        boolean any = false;
        while (true) {
            if (word("START")) {
                expectTimestamp();
                if (!word("STOP")) {
                    throw new SyntaxError("expected STOP after START t'...'", peek().offset());
                }
                expectTimestamp();
            } else if (word("WITHIN")) {
                expect(Kind.NUMBER, "a number of seconds after WITHIN");
                if (!word("SECONDS")) {
                    throw new SyntaxError("expected SECONDS after WITHIN n", peek().offset());
                }
            } else if (word("REPEATS")) {
                Token n = expect(Kind.NUMBER, "a whole number after REPEATS");
                if (!n.text().matches("\\+?[0-9]+")) {
                    throw new SyntaxError("REPEATS needs a positive whole number", n.offset());
                }
                if (!word("TIMES")) {
                    throw new SyntaxError("expected TIMES after REPEATS n", peek().offset());
                }
            } else {
                return any;
            }
            any = true;
        }
    }

    private void expectTimestamp() throws SyntaxError {
        Token t = take();
        if (t.kind() != Kind.TYPED || !t.text().startsWith("t'")) {
            throw new SyntaxError("expected a timestamp t'...'", t.offset());
        }
    }

    private Comparison comparisonOr() throws SyntaxError {
        Comparison left = comparisonAnd();
        while (word("OR")) {
            left = new Comparisons("OR", left, comparisonAnd());
        }
        return left;
    }

    private Comparison comparisonAnd() throws SyntaxError {
        Comparison left = propertyTest();
        while (word("AND")) {
            left = new Comparisons("AND", left, propertyTest());
        }
        return left;
    }

    /** '(' comparisonExpression ')' | EXISTS objectPath | objectPath NOT? operator literal */
    private Comparison propertyTest() throws SyntaxError {
        Token t = peek();
        if (t.kind() == Kind.LPAREN) {
            take();
            enter(t);
            Comparison c = comparisonOr();
            expect(Kind.RPAREN, "')' to close the '(' at character " + (t.offset() + 1));
            depth--;
            return c;
        }
        if (word("EXISTS")) {
            String[] path = objectPath();
            return new Test(path[0], path[1], false, "EXISTS", "", false);
        }
        String[] path = objectPath();
        boolean negated = word("NOT");
        Token op = take();
        String operator;
        if (op.kind() == Kind.OPERATOR) {
            operator = op.text().equals("==") ? "=" : op.text().equals("<>") ? "!=" : op.text();
        } else if (op.kind() == Kind.WORD && COMPARISON_WORDS.contains(op.text())) {
            operator = op.text();
        } else {
            throw new SyntaxError(
                    "expected a comparison operator (=, !=, <, >, IN, LIKE, MATCHES, ...) after " + path[0] + ":"
                            + path[1] + ", found " + describe(op),
                    op.offset());
        }
        if (operator.equals("IN")) {
            return new Test(path[0], path[1], negated, operator, set(), false);
        }
        Token literal = take();
        return switch (literal.kind()) {
            case STRING -> new Test(path[0], path[1], negated, operator, literal.text(), true);
            case NUMBER, TYPED -> new Test(path[0], path[1], negated, operator, literal.text(), false);
            case WORD -> {
                if (literal.text().equals("true") || literal.text().equals("false")) {
                    yield new Test(path[0], path[1], negated, operator, literal.text(), false);
                }
                throw new SyntaxError("expected a literal, found " + describe(literal), literal.offset());
            }
            default -> throw new SyntaxError("expected a literal, found " + describe(literal), literal.offset());
        };
    }

    /** '(' literal (',' literal)* ')' as its source text. */
    private String set() throws SyntaxError {
        Token open = expect(Kind.LPAREN, "'(' to start the set after IN");
        while (true) {
            Token v = take();
            if (v.kind() != Kind.STRING && v.kind() != Kind.NUMBER && v.kind() != Kind.TYPED && v.kind() != Kind.WORD) {
                throw new SyntaxError("expected a literal in the set, found " + describe(v), v.offset());
            }
            Token sep = take();
            if (sep.kind() == Kind.RPAREN) {
                return source.substring(open.offset(), sep.offset() + 1);
            }
            if (sep.kind() != Kind.COMMA) {
                throw new SyntaxError("expected ',' or ')' in the set, found " + describe(sep), sep.offset());
            }
        }
    }

    /** objectType ':' firstPathComponent objectPathComponent*, as {type, path}. */
    private String[] objectPath() throws SyntaxError {
        Token type = take();
        if (type.kind() != Kind.WORD || !type.text().matches("[a-z0-9][a-z0-9-]*")) {
            throw new SyntaxError("expected an object type such as ipv4-addr, found " + describe(type), type.offset());
        }
        expect(Kind.COLON, "':' after the object type " + type.text());
        StringBuilder path = new StringBuilder(component(take()));
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.DOT) {
                take();
                path.append('.').append(component(take()));
            } else if (t.kind() == Kind.LBRACKET && isIndex()) {
                take();
                Token index = take();
                if (!(index.kind() == Kind.NUMBER && index.text().matches("[+-]?[0-9]+"))
                        && !(index.kind() == Kind.OPERATOR && index.text().equals("*"))) {
                    throw new SyntaxError("expected a list index or '*'", index.offset());
                }
                expect(Kind.RBRACKET, "']' after the list index");
                path.append('[').append(index.text()).append(']');
            } else {
                return new String[] {type.text(), path.toString()};
            }
        }
    }

    private boolean isIndex() {
        Token after = next + 1 < tokens.size() ? tokens.get(next + 1) : null;
        return after != null
                && (after.kind() == Kind.NUMBER
                        || (after.kind() == Kind.OPERATOR && after.text().equals("*")));
    }

    private static String component(Token t) throws SyntaxError {
        if (t.kind() == Kind.STRING) {
            return t.text();
        }
        if (t.kind() == Kind.WORD && t.text().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return t.text();
        }
        if (t.kind() == Kind.WORD) {
            throw new SyntaxError(
                    "property name '" + t.text() + "' must be quoted ('" + t.text() + "'): only letters, digits"
                            + " and '_' may be written bare",
                    t.offset());
        }
        throw new SyntaxError("expected a property name, found " + describe(t), t.offset());
    }

    // ---- tokens ----

    private void enter(Token t) throws SyntaxError {
        if (++depth > MAX_DEPTH) {
            throw new SyntaxError("brackets and parentheses nested deeper than " + MAX_DEPTH, t.offset());
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.kind() != Kind.END) {
            next++;
        }
        return t;
    }

    private boolean word(String keyword) {
        Token t = peek();
        if (t.kind() == Kind.WORD && t.text().equals(keyword)) {
            next++;
            return true;
        }
        return false;
    }

    private Token expect(Kind kind, String what) throws SyntaxError {
        Token t = take();
        if (t.kind() != kind) {
            throw new SyntaxError("expected " + what + ", found " + describe(t), t.offset());
        }
        return t;
    }

    private static String describe(Token t) {
        return switch (t.kind()) {
            case END -> "the end of the pattern";
            case STRING -> "a string '" + shorten(t.text()) + "'";
            default -> "'" + shorten(t.text()) + "'";
        };
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** The scanner: one pass, no regular expressions over values. */
    private static List<Token> scan(String s) throws SyntaxError {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
                i++;
                continue;
            }
            int start = i;
            switch (c) {
                case '[' -> out.add(new Token(Kind.LBRACKET, "[", i++));
                case ']' -> out.add(new Token(Kind.RBRACKET, "]", i++));
                case '(' -> out.add(new Token(Kind.LPAREN, "(", i++));
                case ')' -> out.add(new Token(Kind.RPAREN, ")", i++));
                case ':' -> out.add(new Token(Kind.COLON, ":", i++));
                case ',' -> out.add(new Token(Kind.COMMA, ",", i++));
                case '.' -> out.add(new Token(Kind.DOT, ".", i++));
                case '*' -> out.add(new Token(Kind.OPERATOR, "*", i++));
                case '=', '!', '<', '>' -> {
                    String two = i + 1 < n ? s.substring(i, i + 2) : "";
                    if (two.equals("==")
                            || two.equals("!=")
                            || two.equals("<>")
                            || two.equals("<=")
                            || two.equals(">=")) {
                        out.add(new Token(Kind.OPERATOR, two, i));
                        i += 2;
                    } else if (c == '!') {
                        throw new SyntaxError("'!' must be followed by '='", i);
                    } else {
                        out.add(new Token(Kind.OPERATOR, String.valueOf(c), i++));
                    }
                }
                case '\'' -> {
                    StringBuilder text = new StringBuilder();
                    i = string(s, i, text);
                    out.add(new Token(Kind.STRING, text.toString(), start));
                }
                default -> {
                    if ((c == 't' || c == 'h' || c == 'b') && i + 1 < n && s.charAt(i + 1) == '\'') {
                        StringBuilder text = new StringBuilder();
                        i = string(s, i + 1, text);
                        out.add(new Token(Kind.TYPED, c + "'" + text + "'", start));
                    } else if (isDigit(c) || ((c == '+' || c == '-') && i + 1 < n && isDigit(s.charAt(i + 1)))) {
                        i++;
                        while (i < n && isDigit(s.charAt(i))) {
                            i++;
                        }
                        if (i + 1 < n && s.charAt(i) == '.' && isDigit(s.charAt(i + 1))) {
                            i++;
                            while (i < n && isDigit(s.charAt(i))) {
                                i++;
                            }
                        }
                        out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
                    } else if (isWordStart(c)) {
                        while (i < n && (isWordStart(s.charAt(i)) || isDigit(s.charAt(i)) || s.charAt(i) == '-')) {
                            i++;
                        }
                        out.add(new Token(Kind.WORD, s.substring(start, i), start));
                    } else {
                        throw new SyntaxError("unexpected character '" + c + "'", i);
                    }
                }
            }
        }
        out.add(new Token(Kind.END, "", n));
        return out;
    }

    /** Reads the string literal whose opening quote is at {@code quote}; returns the index after its end. */
    private static int string(String s, int quote, StringBuilder text) throws SyntaxError {
        int i = quote + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'') {
                return i + 1;
            }
            if (c == '\\') {
                char e = i + 1 < s.length() ? s.charAt(i + 1) : 0;
                if (e != '\'' && e != '\\') {
                    throw new SyntaxError("in a string only \\' and \\\\ are escapes", i);
                }
                text.append(e);
                i += 2;
            } else {
                text.append(c);
                i++;
            }
        }
        throw new SyntaxError("the string that starts here is not closed with '", quote);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }
}
