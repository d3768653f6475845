package org.jaring.cli.lookup;

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
import org.jaring.node.indicator.IndicatorTypeNames;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupLocalResponse;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaring lookup}: asks your own node about values and prints what it holds. */
@Command(name = "lookup", mixinStandardHelpOptions = true,
        header = "Look values up on your node.",
        description = "Looks values up on your node and prints every record it holds for them. Values may be"
                + " written in any accepted spelling (defanged URLs, national phone formats, spaced IBANs); the node"
                + " makes them canonical first.",
        footer = {"", "Examples:", "  jaring lookup 'hxxps://evil[.]com/login' +66812345678",
                "  jaring lookup --type phone 081-234-5678 --file suspects.txt"})
public final class LookupCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "VALUE", arity = "0..*", description = "Values to look up.")
    List<String> values = new ArrayList<>();

    @Option(names = "--file", paramLabel = "FILE", description = "Also read values from FILE, one per line ('#' starts a comment).")
    Path file;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Type of every value (ipv4, ipv6, cidr, domain, url, email, phone, iban, bank-account,"
                    + " wallet, md5, sha1, sha256, sha512, handle). Default: recognised from each value.")
    String type;

    @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "10", description = "Give up after this many seconds (default: ${DEFAULT-VALUE}).")
    int deadlineSeconds;

    @Option(names = "--json", description = "Print the node's answer as JSON instead of a table.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
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
        LookupLocalRequest.Builder request = LookupLocalRequest.newBuilder();
        for (String v : all) {
            request.addQueries(LookupQuery.newBuilder().setType(t).setValue(v));
        }
        ManagedChannel channel = connection.openNational();
        try {
            LookupLocalResponse response = NationalServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS).lookupLocal(request.build());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(com.google.protobuf.util.JsonFormat.printer().print(response));
            } else {
                LocalResultsTable.of(response.getResultsList()).print(out);
            }
            out.flush();
        } finally {
            NodeConnection.close(channel);
        }
        return 0;
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
