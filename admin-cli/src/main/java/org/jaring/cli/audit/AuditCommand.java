package org.jaring.cli.audit;

import java.io.PrintWriter;
import org.jaring.v1.VerifyAuditResponse;
import picocli.CommandLine.Command;

/** {@code jaring audit}: verify the node's audit log, export and verify evidence packages. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Check the node's tamper-evident audit log and export evidence packages (docs/audit.md).",
            "verify and export ask the running node (verify --data DIR checks a stopped node's folder offline);"
                    + " verify-package needs only the package file."
        },
        subcommands = {AuditVerifyCommand.class, AuditExportCommand.class, AuditVerifyPackageCommand.class})
public final class AuditCommand {

    static void print(PrintWriter out, VerifyAuditResponse r) {
        if (r.getIntact()) {
            out.printf(
                    "INTACT: %d records, %d signed checkpoints, last record %d, signed up to %d%n",
                    r.getRecords(), r.getCheckpoints(), r.getLastSequence(), r.getLastCheckpointed());
            if (r.getLastCheckpointed() < r.getLastSequence()) {
                out.printf(
                        "  records %d..%d are chained but not yet covered by a signed checkpoint%n",
                        r.getLastCheckpointed() + 1, r.getLastSequence());
            }
            if (!r.getAnchor().isEmpty()) {
                out.printf("  anchor: %s%n", r.getAnchor());
            }
        } else {
            out.printf("BROKEN at record %d: %s%n  %s%n", r.getBrokenSequence(), r.getProblem(), r.getDetail());
            out.printf("  %d records before it verified%n", r.getRecords());
        }
        out.flush();
    }
}
