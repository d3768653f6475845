package org.jaring.cli.support;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Dates as the CLI prints them: UTC, minute precision, so two admins in different zones read the same text. */
public final class Times {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Times() {}

    public static String format(Instant t) {
        return FORMAT.format(t);
    }

    /** Whole days from now until {@code t}; negative once past. */
    public static long daysLeft(Instant t, Instant now) {
        return Math.floorDiv(Duration.between(now, t).toSeconds(), 86_400L);
    }

    /** "in 89 days" / "expired 3 days ago": the part an admin actually acts on. */
    public static String remaining(Instant t, Instant now) {
        long days = daysLeft(t, now);
        if (!t.isAfter(now)) {
            long ago = Duration.between(t, now).toDays();
            return ago == 0 ? "EXPIRED today" : "EXPIRED " + ago + (ago == 1 ? " day ago" : " days ago");
        }
        return days == 1 ? "1 day left" : days + " days left";
    }
}
