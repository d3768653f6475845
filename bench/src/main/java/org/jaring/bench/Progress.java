package org.jaring.bench;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import java.io.PrintWriter;

/** Progress lines while a benchmark runs, each stamped with the seconds since the run started. */
final class Progress {
    private final PrintWriter out;
    private final long start = System.nanoTime();
    private long lastTick;

    Progress(PrintWriter out) {
        this.out = out;
    }

    @FormatMethod
    void line(@FormatString String format, Object... args) {
        out.printf("[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, String.format(format, args));
        out.flush();
    }

    /** A progress line at most every few seconds, for long loops. */
    @FormatMethod
    void tick(@FormatString String format, Object... args) {
        long now = System.nanoTime();
        if (now - lastTick > 5_000_000_000L) {
            lastTick = now;
            line(format, args);
        }
    }

    PrintWriter out() {
        return out;
    }
}
