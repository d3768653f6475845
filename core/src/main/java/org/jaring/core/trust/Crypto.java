package org.jaring.core.trust;

import java.security.Provider;
import java.security.Security;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/** Registers the BouncyCastle providers once. */
final class Crypto {

    /** Held strongly: java.util.logging forgets levels of loggers that get garbage-collected. */
    private static final Logger BCJSSE_LOG = Logger.getLogger("org.bouncycastle.jsse");

    private static final Provider BC;
    private static final Provider BCJSSE;

    static {
        // BCJSSE logs handshake failures at INFO/WARNING with stack traces; our own decision log says it better.
        BCJSSE_LOG.setLevel(Level.SEVERE);
        // Appended, not inserted first: the JDK's own defaults stay as they are for the rest of the process.
        Provider bc = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (bc == null) {
            bc = new BouncyCastleProvider();
            Security.addProvider(bc);
        }
        BC = bc;
        Provider jsse = Security.getProvider("BCJSSE");
        if (jsse == null) {
            jsse = new BouncyCastleJsseProvider(bc);
            Security.addProvider(jsse);
        }
        BCJSSE = jsse;
    }

    private Crypto() {}

    static Provider bc() {
        return BC;
    }

    static Provider bcjsse() {
        return BCJSSE;
    }
}
