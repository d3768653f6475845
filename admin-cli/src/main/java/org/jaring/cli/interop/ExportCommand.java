package org.jaring.cli.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jaring.cli.Refused;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.v1.ExportSharedRequest;
import org.jaring.v1.GetCaseRequest;
import org.jaring.v1.GetCaseResponse;
import org.jaring.v1.Hit;
import org.jaring.v1.Indicator;
import org.jaring.v1.NationalServiceGrpc;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring export}: a case, or what the node shares with one peer, as STIX 2.1 or MISP. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        header = "Export a case, or everything your node shares with one peer, as STIX 2.1 or MISP.",
        description = "With --case: every live indicator of the case (GetCase). With --peer: exactly what the"
                + " sharing policy lets that trusted peer see, with the groups your admins gave it (admins only)."
                + " Notes never leave the node; audiences have no STIX or MISP equivalent, so indicators without"
                + " handling or marked local-only are exported as TLP:RED. IDs and UUIDs are deterministic: the same"
                + " value always gets the same ID. Mappings: docs/interop.md.",
        footer = {
            "",
            "Examples:",
            "  jaring export --case TH-2026-0042 --format stix -o case.stix.json",
            "  jaring export --peer MY-PDRM --format misp-feed -o feed-for-my/"
        })
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    static final class Subject {
        @Option(names = "--case", paramLabel = "CASE_ID", required = true, description = "Export this case.")
        String caseId;

        @Option(
                names = "--peer",
                paramLabel = "NODE_ID",
                required = true,
                description = "Export what this trusted peer may see.")
        String peer;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "stix, misp or misp-feed.")
    String format;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "PATH",
            description = "The file to write (a folder for misp-feed).")
    Path output;

    @Option(names = "--force", description = "Overwrite an existing output file (or the files of a feed folder).")
    boolean force;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private static final class Json {
        // In a holder: picocli creates every command to build the model, and Jackson's set-up is not free.
        static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Override
    public Integer call() throws IOException {
        String f = format.toLowerCase(Locale.ROOT);
        if (!List.of("stix", "misp", "misp-feed").contains(f)) {
            throw new UserError("--format: '" + format + "' is not one of stix, misp, misp-feed");
        }
        if (!force && (f.equals("misp-feed") ? nonEmptyFolder(output) : Files.exists(output))) {
            throw new Refused(output + " already exists; pass --force to overwrite it");
        }
        String nodeId = connection.config().nodeId();
        Instant now = Instant.now();
        List<ExportRecord> records = new ArrayList<>();
        String subjectKey;
        String info;
        ManagedChannel channel = connection.openNational();
        try {
            if (subject.caseId != null) {
                GetCaseResponse c = connection
                        .national(channel)
                        .getCase(GetCaseRequest.newBuilder()
                                .setCaseId(subject.caseId)
                                .build());
                for (Indicator i : c.getIndicatorsList()) {
                    records.add(ExportRecord.of(i, c.getCase()));
                }
                subjectKey = "case:" + subject.caseId;
                info = "Jaring " + nodeId + " case " + subject.caseId
                        + (c.getCase().getTitle().isEmpty()
                                ? ""
                                : ": " + c.getCase().getTitle());
            } else {
                Iterator<Hit> hits = NationalServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(10, TimeUnit.MINUTES)
                        .exportShared(ExportSharedRequest.newBuilder()
                                .setPeerNodeId(subject.peer)
                                .build());
                hits.forEachRemaining(h -> records.add(ExportRecord.of(h)));
                subjectKey = "peer:" + subject.peer;
                info = "Jaring " + nodeId + ": indicators shared with " + subject.peer;
            }
        } finally {
            NodeConnection.close(channel);
        }
        records.sort(ExportRecord.ORDER);
        switch (f) {
            case "stix" ->
                write(output, Json.JSON.writeValueAsString(StixWriter.bundle(nodeId, subjectKey, records, now)));
            case "misp" ->
                write(
                        output,
                        Json.JSON.writeValueAsString(MispWriter.event(nodeId, subjectKey, info, records, now)
                                .event()));
            default -> {
                MispWriter.Event event = MispWriter.event(nodeId, subjectKey, info, records, now);
                Files.createDirectories(output);
                ObjectNode manifest = Json.JSON.createObjectNode();
                manifest.set(event.uuid().toString(), MispWriter.manifestEntry(event));
                write(output.resolve(event.uuid() + ".json"), Json.JSON.writeValueAsString(event.event()));
                write(output.resolve("manifest.json"), Json.JSON.writeValueAsString(manifest));
                write(output.resolve("hashes.csv"), MispWriter.hashesCsv(event));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("exported %d indicators (%s) to %s%n", records.size(), f, output);
        out.flush();
        return 0;
    }

    private static boolean nonEmptyFolder(Path p) throws IOException {
        if (!Files.exists(p)) {
            return false;
        }
        if (!Files.isDirectory(p)) {
            return true;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isPresent();
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text.endsWith("\n") ? text : text + "\n", StandardCharsets.UTF_8);
    }
}
