package org.jaring.cli.connect;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Connection options for commands whose own --cert names the certificate they act on (trust revoke): the
 * client certificate is then --client-cert/--client-key.
 */
public final class ClientCertConnection extends NodeConnection {
    @Option(
            names = "--client-cert",
            paramLabel = "FILE",
            description = "Admin client certificate to connect with (default: pki/admin.pem in the home).")
    void clientCert(Path file) {
        this.cert = file;
    }

    @Option(
            names = "--client-key",
            paramLabel = "FILE",
            description = "Private key of --client-cert (default: pki/admin.key in the home).")
    void clientKey(Path file) {
        this.key = file;
    }
}
