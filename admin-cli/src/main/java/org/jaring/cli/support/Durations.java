package org.jaring.cli.support;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Validity periods as admins write them: a whole number and one unit, d(ays), h(ours) or m(inutes), e.g. "90d".
 * One unit only on purpose: "1d12h" invites mistakes in a value that decides how long a credential lives.
 */
public final class Durations {
    private static final Pattern SHAPE = Pattern.compile("([0-9]{1,6})([dhm])");

    private Durations() {}

    public static Duration parse(String text) {
        Matcher m = SHAPE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration; write a number and d, h or m," + " e.g. 90d, 12h or 30m");
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            throw new IllegalArgumentException("'" + text + "' is zero; a validity must be at least one minute");
        }
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
        };
    }

    /** Lets picocli turn --validity 90d into a Duration and report a bad value as a usage error (exit 2). */
    public static final class Converter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
