package org.jaring.cli.interop;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jaring.cli.Refused;
import org.jaring.cli.UserError;
import org.jaring.cli.cases.HandlingOptions;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.v1.Case;
import org.jaring.v1.GetCaseRequest;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.PutCaseRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaring import}: STIX 2.1, MISP events and feeds, and CSV into one case of the own node. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        header = "Import indicators from STIX 2.1, MISP (event or feed folder) or CSV into a case.",
        description = "Reads FILE, makes every value canonical with the node's own rules, and stores the valid"
                + " ones in the case in atomic batches. A file that is not the format it claims, not UTF-8 or not"
                + " well-formed CSV is refused whole before anything is sent (exit code 2). Nothing is dropped"
                + " silently: every refused row, object or attribute is written to the report with its position and"
                + " the reason, and so is every stored value something was dropped from (a port, a file name);"
                + " handling that cannot be read is refused, conflicting TLPs read as the most restrictive."
                + " Indicators are keyed by case, type and value, so importing the same file again changes nothing."
                + " Exit code 0 when everything was stored, 1 when anything was refused (the valid rest is stored)."
                + " Mappings: docs/interop.md.",
        footer = {
            "",
            "Examples:",
            "  jaring import bundle.json --case TH-2026-0042",
            "  jaring import misp-feed/ --case TH-2026-0042 --create-case 'ESET feed'",
            "  jaring import scams.csv --case TH-2026-0042 --map indicator=value,kind=type --report refused.csv",
            "  jaring import fr-phones.csv --case TH-2026-0042 --region FR"
        })
public final class ImportCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "FILE", description = "The file (or, for misp-feed, the folder) to import.")
    Path file;

    @Option(
            names = "--case",
            required = true,
            paramLabel = "CASE_ID",
            description = "The case to add the indicators to.")
    String caseId;

    @Option(
            names = "--create-case",
            paramLabel = "TITLE",
            description = "Create the case with this title if it does not exist (an existing case is left as it is)."
                    + " --tlp, --node, --group, --local-only and --sharing give the new case its handling, which its"
                    + " indicators inherit; without them the new case is shared with no one.")
    String createCase;

    /** The handling of the case that --create-case makes; for an existing case, 'jaring case set' is the way. */
    @Mixin
    HandlingOptions handling;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "stix, misp, misp-feed or csv. Default: recognised (folder: misp-feed; JSON bundle: stix;"
                    + " JSON with Event: misp; otherwise csv).")
    String format;

    @Option(
            names = "--map",
            paramLabel = "COLUMN=FIELD",
            split = ",",
            description = "CSV only: read COLUMN as FIELD (type, value, offence, confidence, first_seen, last_seen,"
                    + " valid_until, tlp, note). Columns named like a field need no mapping.")
    Map<String, String> map = new LinkedHashMap<>();

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Where to write refused items as CSV (position,type,value,reason). Default: FILE.report.csv"
                    + " beside the input, written only when something was refused.")
    Path report;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "0",
            description = "Indicators per atomic batch. Default: the node's limits.max_batch_values, at most 5000.")
    int batch;

    @Option(
            names = "--streams",
            paramLabel = "N",
            defaultValue = "4",
            description = "LoadIndicators streams in parallel, each storing a few batches at a time (1 to 16)."
                    + " Default: ${DEFAULT-VALUE}.")
    int streams;

    @Option(
            names = "--region",
            paramLabel = "CC",
            description = "The country the list's national phone numbers belong to (ISO 3166-1 alpha-2, e.g. FR):"
                    + " they are stored as E.164 numbers of that country. Without it, a phone number written without"
                    + " its +country code is refused (the node's own country is not assumed for a file).")
    String region;

    @Option(
            names = "--dry-run",
            description = "Read and check the file (canonical form, field rules, duplicates) and write the report,"
                    + " but send nothing: the node is not contacted, only its node.yaml is read (for the country).")
    boolean dryRun;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    // Duplicate keys ("to_ids" twice) make a JSON object mean two things: refused, not last-one-wins.
    private static final class Json {
        // In a holder: picocli creates every command to build the model, and Jackson's set-up is not free.
        static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    @Override
    public Integer call() {
        if (!Files.exists(file)) {
            throw new UserError(file + " does not exist");
        }
        String f = format == null ? detect(file) : format.toLowerCase(Locale.ROOT);
        if (!map.isEmpty() && !f.equals("csv")) {
            throw new UserError("--map applies to CSV only");
        }
        for (String field : map.values()) {
            if (!CsvReader.FIELDS.contains(field)) {
                throw new UserError("--map: unknown field '" + field + "'; fields: " + CsvReader.FIELDS);
            }
        }
        NodeConfig config = connection.config();
        Canonicalizer canonicalizer;
        try {
            canonicalizer = new Canonicalizer(
                    region == null ? config.country() : region.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--region: " + e.getMessage());
        }
        int batchSize = batch > 0 ? batch : Math.min(5000, config.limits().maxBatchValues());
        if (streams < 1 || streams > 16) {
            throw new UserError("--streams must be between 1 and 16");
        }
        // JSON formats are parsed whole (the tree is in memory anyway); a CSV is opened and its header checked
        // here, before anything is sent, and its rows are read while the upload runs.
        CsvReader csv = null;
        Consumer<ReadSink> source;
        long expected;
        if (f.equals("csv")) {
            if (!dryRun) {
                checkWhole(file, map);
            }
            csv = CsvReader.open(file, map);
            source = csv::readRows;
            expected = csv.estimatedRows();
        } else {
            ParsedFile parsed = switch (f) {
                case "stix" -> StixReader.read(readJson(file));
                case "misp" -> MispReader.readEvents(readJson(file));
                case "misp-feed" -> MispReader.readFeed(file, Json.JSON);
                default -> throw new UserError("--format: '" + format + "' is not one of stix, misp, misp-feed, csv");
            };
            source = parsed::replay;
            expected = parsed.items.size();
        }
        if (handling.given() && createCase == null) {
            throw new UserError("--tlp, --node, --group, --local-only and --sharing set the handling of the case that"
                    + " --create-case TITLE makes; give --create-case, or set an existing case's handling with"
                    + " 'jaring case set " + caseId + "'");
        }
        if (handling.given()) {
            handling.applyTo(null); // refuses a bad --tlp, or an audience without a TLP, before anything is sent
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImportOutcome outcome = new ImportOutcome();
        try {
            LocalCheck check = new LocalCheck(canonicalizer, region != null, expected);
            if (dryRun) {
                Importer.run(source, check, null, outcome, new ImportProgress(null));
                return checked(f, outcome, out);
            }
            ManagedChannel channel = connection.openNational();
            try {
                ensureCase(connection.national(channel));
                ImportProgress progress = new ImportProgress(err);
                ParallelUpload upload = new ParallelUpload(
                        NationalServiceGrpc.newStub(channel), caseId, batchSize, streams, outcome, progress);
                Importer.run(source, check, upload, outcome, progress);
            } finally {
                NodeConnection.close(channel);
            }
        } finally {
            if (csv != null) {
                csv.close();
            }
        }
        List<Refusal> refused = outcome.refused();
        Path reportFile = reportFile();
        writeReportIfNeeded(reportFile, outcome);
        out.printf(
                "%s (%s) into case %s: read %d, stored %d (%d new, %d already there), duplicates in the file %d,"
                        + " refused %d%s%s%s%s%n",
                file.getFileName(),
                f,
                caseId,
                outcome.read(),
                outcome.stored(),
                outcome.created(),
                outcome.stored() - outcome.created(),
                outcome.duplicates(),
                refused.size(),
                refused.isEmpty() ? "" : ", see " + reportFile,
                notesSummary(outcome, reportFile),
                outcome.skipped() == 0 ? "" : "; " + outcome.skipped() + " objects that are not indicators skipped",
                outcome.ignoredSummary());
        out.flush();
        return refused.isEmpty() ? 0 : 1;
    }

    private static String notesSummary(ImportOutcome outcome, Path reportFile) {
        int notes = outcome.notes().size();
        return notes == 0
                ? ""
                : "; " + notes + " stored with something dropped or read strictly (a port, a file name, conflicting"
                        + " TLP), listed in " + reportFile;
    }

    private void writeReportIfNeeded(Path reportFile, ImportOutcome outcome) {
        List<Refusal> all = new ArrayList<>(outcome.refused());
        all.addAll(outcome.notes());
        if (!all.isEmpty() || report != null) {
            writeReport(reportFile, all);
        }
    }

    /**
     * Reads the whole CSV once before anything is sent, so a file that is not well-formed CSV or not UTF-8
     * (which would end the read half-way) is refused with nothing stored. Row-level refusals are not decided
     * here; they are reported as the upload runs. Costs one extra read of the file, no memory.
     */
    static void checkWhole(Path file, Map<String, String> map) {
        try (CsvReader whole = CsvReader.open(file, map)) {
            whole.readRows(new ReadSink() {
                @Override
                public void item(ImportItem item) {}

                @Override
                public void refuse(Refusal refusal) {}
            });
        }
    }

    /** The end of a --dry-run: the report and a summary of what an import would send. */
    private int checked(String f, ImportOutcome outcome, PrintWriter out) {
        List<Refusal> refused = outcome.refused();
        Path reportFile = reportFile();
        writeReportIfNeeded(reportFile, outcome);
        out.printf(
                "%s (%s) checked, nothing sent: read %d, would send %d, duplicates in the file %d, refused %d%s%s%s%s%n",
                file.getFileName(),
                f,
                outcome.read(),
                outcome.valid(),
                outcome.duplicates(),
                refused.size(),
                refused.isEmpty() ? "" : ", see " + reportFile,
                notesSummary(outcome, reportFile),
                outcome.skipped() == 0 ? "" : "; " + outcome.skipped() + " objects that are not indicators skipped",
                outcome.ignoredSummary());
        out.flush();
        return refused.isEmpty() ? 0 : 1;
    }

    private Path reportFile() {
        return report != null ? report : file.toAbsolutePath().resolveSibling(file.getFileName() + ".report.csv");
    }

    private void ensureCase(NationalServiceGrpc.NationalServiceBlockingStub stub) {
        try {
            stub.getCase(GetCaseRequest.newBuilder().setCaseId(caseId).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
            if (createCase == null) {
                throw new Refused("case " + caseId + " does not exist on this node; create it first, or pass"
                        + " --create-case TITLE");
            }
            Case.Builder c = Case.newBuilder().setCaseId(caseId).setTitle(createCase);
            if (handling.given()) {
                c.setDefaultHandling(handling.applyTo(null));
            }
            stub.putCase(PutCaseRequest.newBuilder().setCase(c).build());
            return;
        }
        if (handling.given()) {
            // Fail closed: importing into an existing case under a handling the analyst did not get would share
            // (or withhold) the values otherwise than they asked.
            throw new Refused(
                    "case " + caseId + " exists; --tlp, --node, --group, --local-only and --sharing set the handling"
                            + " of a case that --create-case makes. Change the existing case with 'jaring case set "
                            + caseId + " --tlp ...', then import without them");
        }
    }

    static String detect(Path file) {
        if (Files.isDirectory(file)) {
            return "misp-feed";
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
            return "csv";
        }
        if (!name.endsWith(".json") && !startsLikeJson(file)) {
            return "csv";
        }
        return jsonFormat(file);
    }

    /**
     * The format by the content alone, for files whose name says nothing that can be trusted (the console's
     * uploads): JSON-looking content must be a STIX bundle or a MISP event, anything else is read as CSV (and
     * then refused whole if it is not well-formed, UTF-8 CSV with a value column).
     */
    static String detectByContent(Path file) {
        return startsLikeJson(file) ? jsonFormat(file) : "csv";
    }

    private static String jsonFormat(Path file) {
        // A file that looks like JSON is read as JSON: broken JSON is an error, never a CSV of one column.
        JsonNode root = readJson(file);
        if (root != null && "bundle".equals(root.path("type").asText())) {
            return "stix";
        }
        if (root != null && (root.has("Event") || root.has("response") || root.has("Attribute"))) {
            return "misp";
        }
        throw new UserError(file + " is JSON but neither a STIX bundle (\"type\": \"bundle\") nor a MISP event"
                + " (\"Event\", \"response\" or \"Attribute\"); give --format, or check the file");
    }

    /** Whether the first byte that is not white space (after a UTF-8 byte order mark) is '{' or '['. */
    private static boolean startsLikeJson(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4096);
            int i = head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf
                    ? 3
                    : 0;
            while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
                i++;
            }
            return i < head.length && (head[i] == '{' || head[i] == '[');
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return Json.JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new UserError("cannot read " + file + " as JSON: " + e.getOriginalMessage() + locationOf(e));
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String locationOf(IOException e) {
        if (e instanceof JsonProcessingException j && j.getLocation() != null) {
            return " (line " + j.getLocation().getLineNr() + ", column "
                    + j.getLocation().getColumnNr() + ", byte offset "
                    + j.getLocation().getByteOffset() + ")";
        }
        return "";
    }

    static void writeReport(Path reportFile, List<Refusal> refused) {
        try (Writer w = Files.newBufferedWriter(reportFile, StandardCharsets.UTF_8)) {
            w.write("position,type,value,reason\n");
            for (Refusal r : refused) {
                w.write(csv(r.position()) + "," + csv(r.type()) + "," + csv(r.value()) + "," + csv(r.reason()) + "\n");
            }
        } catch (IOException e) {
            throw new UserError("cannot write the report " + reportFile + ": " + e.getMessage());
        }
    }

    static String csv(String s) {
        if (s == null) {
            return "";
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
