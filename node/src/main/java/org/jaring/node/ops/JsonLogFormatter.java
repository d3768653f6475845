package org.jaring.node.ops;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code logging.format: json}: one JSON object per line with time (ISO-8601 UTC), level, logger, message and
 * thread, plus error (the stack trace) when the record carries one. No dependencies: log output must work even
 * when the rest of the node does not.
 */
public final class JsonLogFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
        StringBuilder b = new StringBuilder(256).append('{');
        field(b, "time", Instant.ofEpochMilli(record.getMillis()).toString()).append(',');
        field(b, "level", record.getLevel().getName()).append(',');
        field(b, "logger", record.getLoggerName() == null ? "" : record.getLoggerName())
                .append(',');
        field(b, "message", formatMessage(record)).append(',');
        field(b, "thread", threadName(record.getLongThreadID()));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            b.append(',');
            field(b, "error", trace.toString());
        }
        return b.append("}\n").toString();
    }

    private static String threadName(long id) {
        Thread current = Thread.currentThread();
        if (current.getId() == id) {
            return current.getName();
        }
        return "thread-" + id;
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
