package org.jaring.cli.trust;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import org.jaring.cli.Refused;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.HomeOptions;
import org.jaring.core.config.HostPort;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring trust export}: this node's anchor file for peers' admins. Offline: reads the home only. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        header = "Write this node's trust anchor file for peers' admins.",
        description = {
            "Writes this node's trust anchor (node ID, peer endpoint, national CA certificate and its fingerprint)"
                    + " as one YAML file for peers' admins, who load it with 'jaring trust add'. Works without a"
                    + " running node.",
            "The file may travel by e-mail: it holds nothing secret. What makes it safe is that the peer's admin"
                    + " compares the fingerprint printed here with you over a channel you already trust."
        },
        footer = {"", "Example:", "  jaring trust export --endpoint jaring.ccib.go.th:7400 -o TH-CCIB.anchor.yaml"})
public final class TrustExportCommand implements Callable<Integer> {
    @Mixin
    HomeOptions homeOptions;

    @Option(
            names = "--endpoint",
            paramLabel = "HOST:PORT",
            description = "Where peers reach this node's peer listener (default: listen.peer in node.yaml, unless"
                    + " that is a wildcard address such as 0.0.0.0 or has port 0).")
    String endpoint;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write to FILE instead of standard output.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        NodeConfig config = homeOptions.config();
        HostPort ep = endpoint();
        X509Certificate ca =
                PemFiles.readCertificates(config.tls().caCertificate()).get(0);
        AnchorFile anchor = new AnchorFile(config.nodeId(), ep.toString(), null, ca);
        PrintWriter out = spec.commandLine().getOut();
        if (output != null) {
            if (Files.exists(output)) {
                throw new Refused(output + " already exists; choose another -o or remove it first");
            }
            Files.writeString(output, anchor.toYaml());
            out.println("Wrote the trust anchor of " + config.nodeId() + " (endpoint " + ep + ") to " + output);
        } else {
            out.print(anchor.toYaml());
        }
        // On stderr when the anchor goes to stdout, so `> file` still gives a clean file.
        PrintWriter note = output != null ? out : spec.commandLine().getErr();
        note.println("Fingerprint to read to the peer's admin: " + Fingerprints.display(anchor.fingerprint()));
        note.flush();
        out.flush();
        return 0;
    }

    private HostPort endpoint() {
        if (endpoint != null) {
            HostPort ep;
            try {
                ep = HostPort.parse(endpoint);
            } catch (IllegalArgumentException e) {
                throw new UserError("--endpoint: " + e.getMessage());
            }
            if (ep.port() == 0 || isWildcard(ep.host())) {
                throw new UserError("--endpoint " + endpoint + " is not an address a peer can connect to;"
                        + " give this node's public host name or address and peer port");
            }
            return ep;
        }
        HostPort listen = homeOptions.config().listen().peer();
        if (isWildcard(listen.host()) || listen.port() == 0) {
            throw new UserError("listen.peer in node.yaml is " + listen + ", which peers cannot connect to; pass"
                    + " --endpoint HOST:PORT with the public address of this node's peer listener");
        }
        return listen;
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }
}
