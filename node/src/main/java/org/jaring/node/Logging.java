package org.jaring.node;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Process-wide logging defaults: the TLS provider's per-handshake chatter is kept out of the node's log. */
public final class Logging {
    // Held so the level settings are not lost when the loggers are garbage collected.
    private static final Logger BC_JSSE = Logger.getLogger("org.bouncycastle.jsse");
    private static final Logger NETTY = Logger.getLogger("io.netty");

    private Logging() {
    }

    public static void configure() {
        BC_JSSE.setLevel(Level.SEVERE);
        NETTY.setLevel(Level.WARNING);
    }
}
