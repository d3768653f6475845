package org.jaring.cli.audit;

import com.google.protobuf.util.Timestamps;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.v1.AuditServiceGrpc;
import org.jaring.v1.ExportAuditRequest;
import org.jaring.v1.ExportAuditResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring audit export}: a self-contained, offline-verifiable evidence package of a time range. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        header = "Export the audit records of a time range as a self-contained evidence package.",
        description = "The node writes a signed checkpoint first, then returns the records of [--from, --to] up to"
                + " the next checkpoint, with the national CA certificate and a manifest of hashes, as one JSON"
                + " file. Check it anywhere with 'jaring audit verify-package FILE'. The export is itself audited.",
        footer = {
            "",
            "Examples:",
            "  jaring audit export --from 2026-11-01 --to 2026-11-30 -o th-ccib-nov.json",
            "  jaring audit export --from 2026-11-28T10:00:00Z --to 2026-11-28T12:00:00Z \\",
            "      -o case-42.json"
        })
public final class AuditExportCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "TIME",
            description = "ISO instant or date (UTC, start of day).")
    String from;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "TIME",
            description = "ISO instant or date (UTC, end of day).")
    String to;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "FILE",
            description = "Package file to write (must not exist).")
    Path output;

    @Spec
    CommandSpec spec;

    static Instant time(String option, String text, boolean endOfDay) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                LocalDate d = LocalDate.parse(text);
                return endOfDay
                        ? d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1)
                        : d.atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new UserError(option + " '" + text
                        + "' is neither an ISO instant (2026-11-28T10:00:00Z) nor a date (2026-11-28)");
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        Instant f = time("--from", from, false);
        Instant t = time("--to", to, true);
        if (Files.exists(output)) {
            throw new UserError(output + " exists; choose a new file name");
        }
        ManagedChannel channel = connection.openAdmin();
        try {
            ExportAuditResponse r = AuditServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.MINUTES)
                    .exportAudit(ExportAuditRequest.newBuilder()
                            .setFrom(Timestamps.fromMillis(f.toEpochMilli()))
                            .setTo(Timestamps.fromMillis(t.toEpochMilli()))
                            .build());
            Files.write(output, r.getPackageJson().toByteArray());
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "Exported records %d..%d (%d records) to %s%n",
                    r.getFirstSequence(), r.getLastSequence(), r.getRecords(), output);
            out.println("  check it with: jaring audit verify-package " + output);
            out.flush();
            return 0;
        } finally {
            NodeConnection.close(channel);
        }
    }
}
