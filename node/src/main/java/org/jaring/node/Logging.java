package org.jaring.node;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.node.ops.JsonLogFormatter;

/** Process-wide logging defaults: the TLS provider's per-handshake chatter is kept out of the node's log. */
public final class Logging {
    // Held so the level settings are not lost when the loggers are garbage collected.
    private static final Logger BC_JSSE = Logger.getLogger("org.bouncycastle.jsse");
    private static final Logger NETTY = Logger.getLogger("io.netty");

    private Logging() {}

    /**
     * For the CLI and the in-process demo: only warnings and errors from the nodes' own logs, so the
     * command's output stays readable; JARING_DEBUG=1 shows everything.
     */
    public static void configureForCommandLine() {
        configure();
        if (System.getenv("JARING_DEBUG") == null) {
            Logger.getLogger("").setLevel(Level.WARNING);
        }
    }

    /**
     * {@code logging.format}: "json" puts {@link JsonLogFormatter} on every handler of the
     * root logger (one object per line); "text" keeps the JDK's formatter (or logging.properties').
     */
    public static void useFormat(String format) {
        if (!"json".equals(format)) {
            return;
        }
        Formatter json = new JsonLogFormatter();
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.setFormatter(json);
        }
    }

    public static void configure() {
        BC_JSSE.setLevel(Level.SEVERE);
        NETTY.setLevel(Level.WARNING);
    }
}
