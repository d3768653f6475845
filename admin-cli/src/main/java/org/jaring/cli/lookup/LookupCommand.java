package org.jaring.cli.lookup;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.cli.output.CodeNames;
import org.jaring.cli.output.LanguageOption;
import org.jaring.cli.output.Table;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.core.text.SafeText;
import org.jaring.core.vocab.LegalBases;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupLocalResponse;
import org.jaring.v1.LookupMode;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.Purpose;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jaring lookup}: the analyst's question to the region. By default it asks this node and every trusted
 * peer in parallel (a federated lookup, which must state its purpose); {@code --local} asks only this node.
 */
@Command(
        name = "lookup",
        mixinStandardHelpOptions = true,
        header = "Ask your node and its peers about values: who has seen them, and whom to call.",
        description = "Asks your node and every trusted peer (or those named with --peers) in parallel, under one"
                + " deadline, and prints each hit (value, country, offence, confidence, seen, case handle, 24/7"
                + " contact) and how each peer fared (answered, timed out, unreachable, refused). A lookup that"
                + " leaves your node must state its purpose: your case reference and the legal basis; both nodes"
                + " record who asked what, and why. Values may be written in any accepted spelling (defanged URLs,"
                + " national phone formats, spaced IBANs); the node makes them canonical first.",
        footer = {
            "",
            "Examples:",
            "  jaring lookup --case-ref TH-2026-0042 --legal-basis police-cooperation \\",
            "      'hxxps://evil[.]com/login' +66812345678",
            "  jaring lookup --case-ref TH-2026-0042 --legal-basis asean-mlat \\",
            "      --peers MY-PDRM,SG-SPF --file wallets.txt",
            "  jaring lookup --local --type phone 081-234-5678"
        })
public final class LookupCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "VALUE", arity = "0..*", description = "Values to look up.")
    List<String> values = new ArrayList<>();

    @Option(
            names = "--file",
            paramLabel = "FILE",
            description = "Also read values from FILE, one per line ('#' starts a comment).")
    Path file;

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            description = "Type of every value (ipv4, ipv6, cidr, domain, url, email, phone, iban, bank-account,"
                    + " wallet, md5, sha1, sha256, sha512, handle). Default: recognised from each value.")
    String type;

    @Option(
            names = "--case-ref",
            paramLabel = "REF",
            description = "Your case or file reference (required unless --local).")
    String caseReference;

    @Option(
            names = "--legal-basis",
            paramLabel = "BASIS",
            description = "The legal ground of the lookup (required unless --local): ${COMPLETION-CANDIDATES}.",
            completionCandidates = LegalBasisNames.class)
    String legalBasis;

    @Option(
            names = "--note",
            paramLabel = "TEXT",
            description = "Optional words on the purpose, recorded on both sides (at most 500 characters).")
    String note;

    @Option(
            names = "--peers",
            paramLabel = "NODE",
            split = ",",
            description = "Ask only these peers (node IDs, comma-separated). Default: every trusted peer.")
    List<String> peers = new ArrayList<>();

    @Option(
            names = "--deadline",
            paramLabel = "MILLIS",
            defaultValue = "0",
            description =
                    "Answer within this many milliseconds; a peer not done by then is reported as timed out. Default: the node's federation.default_deadline.")
    int deadlineMillis;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            description = "How peers are asked: plain (values in clear), blind (no value leaves your node in clear;"
                    + " a peer without blind lookups is not asked), or blind-where-supported (plain only to peers"
                    + " without them). Default: your node's blind.default_mode (docs/blind-lookup.md).")
    String mode;

    @Option(names = "--blind", description = "Ask blind: the same as --mode blind.")
    boolean blind;

    @Option(names = "--local", description = "Ask only your own node (no purpose needed, nothing leaves the node).")
    boolean local;

    @Option(names = "--json", description = "Print the node's answer as JSON instead of tables (docs/cli-json.md).")
    boolean json;

    @Mixin
    LanguageOption language;

    @Option(
            names = "--explain",
            description = "First print, for each value, the type it was recognised as and the canonical form it was"
                    + " asked as (what a peer's record must equal to match).")
    boolean explain;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The legal bases, for --help. */
    static final class LegalBasisNames extends ArrayList<String> {
        LegalBasisNames() {
            super(List.of(LegalBases.all().split(", ")));
        }
    }

    @Override
    public Integer call() throws Exception {
        CodeNames names = language.names(); // an unknown language is refused before anything is asked
        List<String> all = new ArrayList<>(values);
        if (file != null) {
            all.addAll(readValues(file));
        }
        if (all.isEmpty()) {
            throw new UserError("no values given; pass them as arguments or with --file");
        }
        IndicatorType t = IndicatorType.INDICATOR_TYPE_UNSPECIFIED;
        if (type != null) {
            try {
                t = IndicatorTypeNames.parse(type);
            } catch (IllegalArgumentException e) {
                throw new UserError("--type: " + e.getMessage());
            }
        }
        List<LookupQuery> queries = new ArrayList<>();
        for (String v : all) {
            queries.add(LookupQuery.newBuilder().setType(t).setValue(v).build());
        }
        LookupMode lookupMode = mode();
        if (!local) {
            checkPurpose();
        } else if (caseReference != null || legalBasis != null || !peers.isEmpty() || mode != null || blind) {
            throw new UserError(
                    "--local asks only your node: --case-ref, --legal-basis, --peers, --mode and --blind do not apply");
        }
        RefusedValues.Outcome<Message> outcome =
                RefusedValues.ask(queries, q -> local ? lookupLocal(q) : lookupFederated(q, lookupMode));
        PrintWriter out = spec.commandLine().getOut();
        Message response = outcome.response();
        if (response != null) {
            if (explain) {
                explain(response, out);
            }
            if (json) {
                out.println(JsonFormat.printer().print(response));
            } else if (response instanceof LookupLocalResponse localResponse) {
                LocalResultsTable.of(localResponse.getResultsList(), names).print(out);
                warninglists(
                        localResponse.getResultsList().stream()
                                .map(r -> new String[] {r.getCanonicalValue(), r.getWarninglist()})
                                .toList(),
                        out);
            } else {
                FederatedLookupResponse federated = (FederatedLookupResponse) response;
                FederatedResultsTable.print(federated, names, out);
                warninglists(
                        federated.getResultsList().stream()
                                .map(r -> new String[] {r.getCanonicalValue(), r.getWarninglist()})
                                .toList(),
                        out);
            }
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        for (RefusedValues.Refusal r : outcome.refused()) {
            err.println("not asked: '" + SafeText.line(r.value()) + "': " + SafeText.line(r.reason()));
        }
        if (!outcome.refused().isEmpty()) {
            err.println(outcome.refused().size() + " value(s) not asked"
                    + (response == null ? "" : "; the other " + outcome.asked().size() + " were")
                    + ". Correct the spelling or give --type; 'jaring lookup --help' lists the types.");
        }
        err.flush();
        return outcome.refused().isEmpty() ? 0 : 1;
    }

    /** Each value as the node read it: the type it was recognised as and its canonical form, the one that matches. */
    private static void explain(Message response, PrintWriter out) {
        Table t = new Table("GIVEN", "ASKED AS TYPE", "CANONICAL VALUE");
        if (response instanceof LookupLocalResponse l) {
            l.getResultsList()
                    .forEach(r -> t.row(
                            r.getQuery().getValue(), IndicatorTypeNames.name(r.getType()), r.getCanonicalValue()));
        } else {
            ((FederatedLookupResponse) response)
                    .getResultsList()
                    .forEach(r -> t.row(
                            r.getQuery().getValue(), IndicatorTypeNames.name(r.getType()), r.getCanonicalValue()));
        }
        t.print(out);
        out.println();
    }

    /** Why a value raised no alert: it is on a list of known-benign values. Before, only --json showed it. */
    private static void warninglists(List<String[]> valueAndList, PrintWriter out) {
        boolean first = true;
        for (String[] v : valueAndList) {
            if (!v[1].isEmpty()) {
                if (first) {
                    out.println();
                    first = false;
                }
                out.println(SafeText.line(v[0]) + " is on the warninglist '" + SafeText.line(v[1])
                        + "' (known benign): no correlation alert is raised for it.");
            }
        }
    }

    private LookupLocalResponse lookupLocal(List<LookupQuery> queries) {
        ManagedChannel channel = connection.openNational();
        try {
            return NationalServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .lookupLocal(LookupLocalRequest.newBuilder()
                            .addAllQueries(queries)
                            .build());
        } finally {
            NodeConnection.close(channel);
        }
    }

    private void checkPurpose() {
        if (caseReference == null || legalBasis == null) {
            throw new UserError("a lookup that leaves your node must state its purpose: give --case-ref and"
                    + " --legal-basis (" + LegalBases.all() + "), or use --local");
        }
        try {
            LegalBases.parse(legalBasis);
        } catch (IllegalArgumentException e) {
            throw new UserError("--legal-basis: " + e.getMessage());
        }
        if (deadlineMillis < 0) {
            throw new UserError("--deadline must not be negative");
        }
    }

    /** --mode and --blind as the wire's mode; UNSPECIFIED leaves it to the node's blind.default_mode. */
    private LookupMode mode() {
        if (blind && mode != null && !mode.equals("blind")) {
            throw new UserError("--blind and --mode " + SafeText.line(mode) + " contradict each other; give one");
        }
        if (blind) {
            return LookupMode.LOOKUP_MODE_BLIND;
        }
        if (mode == null) {
            return LookupMode.LOOKUP_MODE_UNSPECIFIED;
        }
        return switch (mode) {
            case "plain" -> LookupMode.LOOKUP_MODE_PLAIN;
            case "blind" -> LookupMode.LOOKUP_MODE_BLIND;
            case "blind-where-supported" -> LookupMode.LOOKUP_MODE_BLIND_WHERE_SUPPORTED;
            default ->
                throw new UserError(
                        "--mode: '" + SafeText.line(mode) + "' is not one of plain, blind, blind-where-supported");
        };
    }

    private FederatedLookupResponse lookupFederated(List<LookupQuery> queries, LookupMode lookupMode) {
        Purpose.Builder purpose =
                Purpose.newBuilder().setCaseReference(caseReference).setLegalBasis(LegalBases.parse(legalBasis));
        if (note != null) {
            purpose.setNote(note);
        }
        ManagedChannel channel = connection.openNational();
        try {
            long waitMillis = (deadlineMillis == 0 ? 60_000L : deadlineMillis) + 10_000L;
            return NationalServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(waitMillis, TimeUnit.MILLISECONDS)
                    .lookupFederated(FederatedLookupRequest.newBuilder()
                            .addAllQueries(queries)
                            .setPurpose(purpose)
                            .addAllPeers(peers)
                            .setDeadlineMillis(deadlineMillis)
                            .setMode(lookupMode)
                            .build());
        } finally {
            NodeConnection.close(channel);
        }
    }

    static List<String> readValues(Path file) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String v = line.strip();
                if (!v.isEmpty() && !v.startsWith("#")) {
                    out.add(v);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UserError("--file: cannot read " + file + ": " + e.getMessage());
        }
    }
}
