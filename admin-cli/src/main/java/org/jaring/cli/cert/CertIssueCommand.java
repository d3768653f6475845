package org.jaring.cli.cert;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.jaring.cli.Refused;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.HomeOptions;
import org.jaring.cli.support.CaKey;
import org.jaring.cli.support.Durations;
import org.jaring.cli.support.Times;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.IssuedCertificate;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.PemFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring cert issue}: a client certificate for an analyst or admin, signed here with the CA key. */
@Command(
        name = "issue",
        mixinStandardHelpOptions = true,
        header = "Issue an analyst or admin client certificate signed by the national CA.",
        description = {
            "Issues a client certificate for a person, signed with the national CA key in the home: NAME.pem"
                    + " (certificate and CA) and NAME.key (private key, mode 0600) in pki/ of the home or in -o DIR.",
            "Analysts may call the national service (lookups, cases); admins may also call the admin service"
                    + " (this CLI's trust and cert commands). Existing files are never overwritten.",
            "Hand both files to the person over a channel that keeps the key secret; revoke with"
                    + " 'jaring trust revoke --cert NAME.pem' when they leave or lose it."
        },
        footer = {"", "Example:", "  jaring cert issue --role analyst --name somchai --validity 180d"})
public final class CertIssueCommand implements Callable<Integer> {
    enum RoleName {
        analyst,
        admin
    }

    @Mixin
    HomeOptions homeOptions;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "analyst or admin.")
    RoleName role;

    @Option(
            names = "--name",
            required = true,
            paramLabel = "NAME",
            description = "The person's user name: 1-64 of A-Z a-z 0-9 . _ - (also the file name).")
    String name;

    @Option(
            names = "--validity",
            paramLabel = "DURATION",
            defaultValue = "365d",
            converter = Durations.Converter.class,
            description =
                    "How long the certificate is valid (default: ${DEFAULT-VALUE}); never past the CA's own expiry.")
    Duration validity;

    @Option(
            names = {"-o", "--output-dir"},
            paramLabel = "DIR",
            description = "Folder for NAME.pem and NAME.key (default: pki/ in the home).")
    Path outputDir;

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
        Path dir = outputDir != null ? outputDir : homeOptions.home().pki();
        Path certFile = dir.resolve(name + ".pem");
        Path keyFile = dir.resolve(name + ".key");
        for (Path p : List.of(certFile, keyFile)) {
            if (Files.exists(p)) {
                throw new Refused(p + " already exists; choose another --name or -o folder, or remove the old"
                        + " files after revoking their certificate");
            }
        }
        NationalCa ca = CaKey.open(homeOptions.home(), caPassphraseEnv);
        IssuedCertificate issued;
        try {
            issued = role == RoleName.admin ? ca.issueAdmin(name, validity) : ca.issueAnalyst(name, validity);
        } catch (IllegalArgumentException e) {
            throw new UserError("--name: " + e.getMessage());
        }
        // Key first: a certificate without its key is useless, a key without a certificate is harmless.
        PemFiles.writePrivateKey(keyFile, issued.privateKey(), null);
        PemFiles.writeCertificates(certFile, List.of(issued.chain()));

        Instant notAfter = issued.certificate().getNotAfter().toInstant();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Issued " + role + " certificate for '" + name + "' of " + ca.nodeId() + ":");
        out.println("  certificate  " + certFile);
        out.println("  key          " + keyFile + " (0600, not encrypted: hand it over securely)");
        out.println("  fingerprint  " + Fingerprints.display(issued.fingerprint()));
        out.println("  expires      " + Times.format(notAfter) + " (" + Times.remaining(notAfter, Instant.now()) + ")");
        out.flush();
        return 0;
    }
}
