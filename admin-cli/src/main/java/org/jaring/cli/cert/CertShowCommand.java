package org.jaring.cli.cert;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.HomeOptions;
import org.jaring.cli.support.Times;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaring cert show}: reads a PEM file; needs no node and no CA key. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        header = "Show a certificate's identity, fingerprint and validity.",
        description = {
            "Shows a certificate: subject, issuer, identity (SAN URIs), serial, SHA-256 fingerprint, validity and"
                    + " days left. Works without a running node.",
            "Without FILE, shows the node certificate of the home (tls.node_certificate in node.yaml)."
        },
        footer = {"", "Examples:", "  jaring cert show", "  jaring cert show pki/somchai.pem"})
public final class CertShowCommand implements Callable<Integer> {
    @Mixin
    HomeOptions homeOptions;

    @Parameters(
            paramLabel = "FILE",
            arity = "0..1",
            description = "A PEM certificate file (the first certificate is shown).")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path f = file != null ? file : homeOptions.config().tls().nodeCertificate();
        if (!Files.isRegularFile(f)) {
            throw new UserError(f + " does not exist or is not a file");
        }
        List<X509Certificate> chain;
        try {
            chain = PemFiles.readCertificates(f);
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        X509Certificate c = chain.get(0);
        Instant notBefore = c.getNotBefore().toInstant();
        Instant notAfter = c.getNotAfter().toInstant();
        Instant now = Instant.now();
        PrintWriter out = spec.commandLine().getOut();
        out.println("File:         " + f
                + (chain.size() > 1 ? " (" + chain.size() + " certificates; the first is shown)" : ""));
        out.println("Subject:      " + c.getSubjectX500Principal().getName());
        out.println("Issuer:       " + c.getIssuerX500Principal().getName());
        out.println("SAN URIs:     " + String.join(", ", sanUris(c)));
        out.println("Serial:       " + c.getSerialNumber().toString(16));
        out.println("SHA-256:      " + Fingerprints.display(c));
        out.println("Not before:   " + Times.format(notBefore) + (now.isBefore(notBefore) ? " (NOT YET VALID)" : ""));
        out.println("Not after:    " + Times.format(notAfter) + " (" + Times.remaining(notAfter, now) + ")");
        out.println("CA:           " + (c.getBasicConstraints() >= 0 ? "yes" : "no"));
        out.flush();
        return 0;
    }

    private static List<String> sanUris(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(6).equals(san.get(0))) {
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            out.add("(unreadable: " + e.getMessage() + ")");
        }
        if (out.isEmpty()) {
            out.add("(none)");
        }
        return out;
    }
}
