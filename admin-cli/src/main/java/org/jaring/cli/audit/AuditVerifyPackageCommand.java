package org.jaring.cli.audit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jaring.cli.UserError;
import org.jaring.core.trust.Fingerprints;
import org.jaring.node.audit.AuditPackage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaring audit verify-package FILE}: offline, with no node and no home. */
@Command(
        name = "verify-package",
        mixinStandardHelpOptions = true,
        header = "Verify an exported audit evidence package offline.",
        description = {
            "Checks the package with nothing but the file: every record's hash and link from the first"
                    + " record on, sequence order and gaps, every checkpoint's signature and signer certificate against the"
                    + " national CA in the package, that the last record is covered by a signed checkpoint, and the manifest.",
            "Compare the printed CA fingerprint with the one the issuing state published, or pin it with"
                    + " --ca-fingerprint: a package only proves it is consistent with the CA it carries."
        })
public final class AuditVerifyPackageCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(
            names = "--ca-fingerprint",
            paramLabel = "SHA256",
            description = "Require this national CA (hex, colons optional).")
    String caFingerprint;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        AuditPackage.Verdict v = AuditPackage.verify(bytes, caFingerprint);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Package of node %s, %s .. %s%n", v.nodeId(), v.from(), v.to());
        if (!v.caFingerprint().isEmpty()) {
            out.printf("  national CA %s%n", Fingerprints.display(v.caFingerprint()));
        }
        AuditCommand.print(out, v.result());
        return v.result().getIntact() ? 0 : 1;
    }
}
