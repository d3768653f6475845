package org.jaring.cli.cert;

import com.google.protobuf.util.Timestamps;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.jaring.cli.Refused;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.cli.support.CaKey;
import org.jaring.cli.support.Durations;
import org.jaring.cli.support.SecureFiles;
import org.jaring.cli.support.Times;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeKeys;
import org.jaring.core.trust.PemFiles;
import org.jaring.v1.ReloadNodeCertificateRequest;
import org.jaring.v1.ReloadNodeCertificateResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jaring cert rotate}: a new node key and certificate, written next to the old ones (kept as *.previous)
 * and loaded by the running node without a restart or a failed call.
 */
@Command(
        name = "rotate",
        mixinStandardHelpOptions = true,
        header = "Give the node a new key and certificate and load them without a restart.",
        description = {
            "Gives the node a new key and certificate from the national CA: writes them over"
                    + " tls.node_certificate and tls.node_key (each atomically; the old pair is kept as"
                    + " *.previous), then asks the running node to load them. New connections see the new"
                    + " certificate at once; open ones are not interrupted.",
            "If the node is not running, the files are written and used at its next start.",
            "Peers need nothing: they pin the CA, not the node certificate."
        },
        footer = {"", "Example:", "  jaring cert rotate --validity 90d"})
public final class CertRotateCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--validity",
            paramLabel = "DURATION",
            defaultValue = "90d",
            converter = Durations.Converter.class,
            description = "How long the new node certificate is valid (default: ${DEFAULT-VALUE}).")
    Duration validity;

    @Option(
            names = "--ca-passphrase-env",
            paramLabel = "VAR",
            description =
                    "Read the CA key's passphrase from the environment variable VAR (else asked on the terminal).")
    String caPassphraseEnv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        NodeConfig.Tls tls = connection.config().tls();
        NationalCa ca = CaKey.open(connection.home(), caPassphraseEnv);
        // The node key may be encrypted with the node's own passphrase; the new key must open the same way.
        char[] nodeKeyPassphrase = NodeKeys.passphrase(tls.nodeKeyPassphraseEnv());
        // Resolve the address (and client credentials) before touching any file, so a usage error leaves none
        // half-done; the channel connects lazily, at the reload call.
        ManagedChannel channel = connection.openAdmin();
        try {
            return rotate(ca, tls, nodeKeyPassphrase, channel);
        } finally {
            NodeConnection.close(channel);
        }
    }

    private int rotate(NationalCa ca, NodeConfig.Tls tls, char[] nodeKeyPassphrase, ManagedChannel channel)
            throws IOException {
        IssuedCertificate issued = ca.issueNode(validity);

        Path cert = tls.nodeCertificate();
        Path key = tls.nodeKey();
        Path previousCert = sibling(cert, ".previous");
        Path previousKey = sibling(key, ".previous");
        SecureFiles.copyAtomically(cert, previousCert, false);
        SecureFiles.copyAtomically(key, previousKey, true);
        // Key, then certificate: the pair is mismatched only between these two renames, and the node reads
        // them only at start or when asked below.
        PemFiles.writePrivateKey(key, issued.privateKey(), nodeKeyPassphrase);
        PemFiles.writeCertificates(cert, List.of(issued.chain()));

        PrintWriter out = spec.commandLine().getOut();
        Instant notAfter = issued.certificate().getNotAfter().toInstant();
        out.println("Wrote the new node certificate " + cert + " and key " + key);
        out.println(
                "  (previous pair kept as " + previousCert.getFileName() + " and " + previousKey.getFileName() + ")");
        out.println("  fingerprint  " + Fingerprints.display(issued.fingerprint()));
        out.println("  expires      " + Times.format(notAfter) + " (" + Times.remaining(notAfter, Instant.now()) + ")");

        try {
            ReloadNodeCertificateResponse r =
                    connection.admin(channel).reloadNodeCertificate(ReloadNodeCertificateRequest.getDefaultInstance());
            out.println("The running node loaded it: it now presents " + r.getFingerprint() + ", valid until "
                    + Times.format(Instant.ofEpochMilli(Timestamps.toMillis(r.getNotAfter()))) + ".");
        } catch (StatusRuntimeException e) {
            if (notRunning(e)) {
                out.println("The node is not running (nothing answered at its admin address): it will use the new"
                        + " certificate at its next start.");
                out.flush();
                return 0;
            }
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE && e.getCause() == null) {
                // The node itself refused the files; put the old pair back so its next start is not broken.
                SecureFiles.copyAtomically(previousKey, key, true);
                SecureFiles.copyAtomically(previousCert, cert, false);
                throw new Refused(e.getStatus().getDescription() + "; the previous certificate and key were put back");
            }
            throw e;
        }
        out.flush();
        return 0;
    }

    private static boolean notRunning(StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
