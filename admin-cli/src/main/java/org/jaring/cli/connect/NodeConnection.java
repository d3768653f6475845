package org.jaring.cli.connect;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jaring.cli.NodeAddressed;
import org.jaring.cli.UserError;
import org.jaring.cli.support.Secrets;
import org.jaring.core.config.HostPort;
import org.jaring.core.setup.NodeHome;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.v1.AdminServiceGrpc;
import org.jaring.v1.NationalServiceGrpc;
import picocli.CommandLine.Option;

/**
 * How a command reaches its own node: mutual TLS with a client certificate of the node's CA, the node's
 * certificate checked against the CA recorded in the home's trust store (never against what the network says).
 * Addresses come from the home's node.yaml unless overridden.
 */
public abstract class NodeConnection extends HomeOptions implements NodeAddressed {
    /** Long enough for a loaded node, short enough that a hung one does not hang a script. */
    private static final long DEADLINE_SECONDS = 30;

    /** Set by the subclass's options: their names differ where a command uses --cert for something else. */
    Path cert;

    Path key;

    @Option(
            names = "--key-passphrase-env",
            paramLabel = "VAR",
            description = "Read the passphrase of an encrypted client key from the environment variable VAR.")
    String keyPassphraseEnv;

    @Option(
            names = "--national",
            paramLabel = "HOST:PORT",
            description = "Address of the node's national listener (default: listen.national in node.yaml).")
    String national;

    @Option(
            names = "--admin",
            paramLabel = "HOST:PORT",
            description = "Address of the node's admin listener (default: listen.admin in node.yaml).")
    String admin;

    /** The address and option of the last channel opened, so a failure can say where it tried. */
    private String tried;

    @Override
    public String triedAddress() {
        return tried;
    }

    public ManagedChannel openNational() {
        return open(address("--national", national, "listen.national"));
    }

    public ManagedChannel openAdmin() {
        return open(address("--admin", admin, "listen.admin"));
    }

    public NationalServiceGrpc.NationalServiceBlockingStub national(ManagedChannel channel) {
        return NationalServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    public AdminServiceGrpc.AdminServiceBlockingStub admin(ManagedChannel channel) {
        return AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    public static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HostPort address(String option, String override, String configKey) {
        HostPort a;
        String from = override != null ? option : configKey + " in " + home().config();
        if (override != null) {
            try {
                a = HostPort.parse(override);
            } catch (IllegalArgumentException e) {
                throw new UserError(option + ": " + e.getMessage());
            }
        } else {
            var listen = config().listen();
            a = configKey.equals("listen.admin") ? listen.admin() : listen.national();
        }
        if (a.port() == 0) {
            throw new UserError(configKey + " in " + home().config() + " has port 0 (any free port), so the port"
                    + " is only known to the running node; pass " + option
                    + " HOST:PORT with the port it logged at start");
        }
        // A wildcard listen address is where the node accepts, not where anyone can connect: use loopback.
        if (a.host().equals("0.0.0.0") || a.host().equals("::") || a.host().equals("0:0:0:0:0:0:0:0")) {
            a = new HostPort(a.host().contains(":") ? "::1" : "127.0.0.1", a.port());
        }
        tried = a + " (" + from + ")";
        return a;
    }

    private ManagedChannel open(HostPort address) {
        NodeHome home = home();
        Path certFile = cert != null ? cert : home.clientCertificate("admin");
        Path keyFile = key != null ? key : home.clientKey("admin");
        if (!Files.isDirectory(home.trustDir())) {
            throw new UserError("no trust/ folder in " + home.root() + ": the CLI needs the node's trust store to"
                    + " recognise the node; pass --home with the node's folder (or a copy of it)");
        }
        char[] passphrase = keyPassphraseEnv == null ? null : Secrets.fromEnv("--key-passphrase-env", keyPassphraseEnv);
        try {
            return OwnNodeClient.open(home.trustDir(), address.host(), address.port(), certFile, keyFile, passphrase);
        } catch (NoSuchFileException e) {
            throw new UserError(e.getFile() + " does not exist; pass --cert and --key with your client certificate"
                    + " (an admin's is pki/admin.pem, written by 'jaring node init')");
        } catch (IOException e) {
            throw new UserError("cannot use the client certificate: " + e.getMessage());
        }
    }
}
