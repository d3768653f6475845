package org.jaring.cli.connect;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The usual connection options: the client certificate is --cert/--key. */
public final class ConnectionOptions extends NodeConnection {
    @Option(
            names = "--cert",
            paramLabel = "FILE",
            description = "Client certificate to connect with (default: pki/admin.pem in the home). Analysts pass"
                    + " their own, issued by 'jaring cert issue --role analyst'.")
    void cert(Path file) {
        this.cert = file;
    }

    @Option(
            names = "--key",
            paramLabel = "FILE",
            description = "Private key of --cert (default: pki/admin.key in the home).")
    void key(Path file) {
        this.key = file;
    }
}
