package org.jaring.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jaring.cli.JaringCli;
import org.jaring.cli.UserError;
import org.jaring.cli.demo.data.DemoDataset;
import org.jaring.cli.demo.data.DemoMember;
import org.jaring.cli.lookup.FederatedResultsTable;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.LookupMode;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Purpose;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jaring demo}: a network of sovereign nodes on this machine doing a real federated exchange. Each
 * node has its own national CA; admins pin each other's anchors after comparing fingerprints; each state
 * loads its own cases; an analyst asks the region; then a peer goes down.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        header = "Run a local network of ASEAN nodes doing a real federated exchange.",
        description = "Runs a network of ASEAN nodes on 127.0.0.1, each with its own national CA and store, loads a"
                + " reproducible generated dataset whose cross-border overlaps tell a story (a scam wallet, a phishing"
                + " domain, a call-centre number, and one TLP:RED address that must never leave its node), prints"
                + " federated lookups from Thailand's node, follows one hit with a preservation request that the other"
                + " state acknowledges and answers, then stops one peer to show partial results.")
public final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--nodes",
            defaultValue = "7",
            paramLabel = "N",
            description = "How many member nodes, 5 to 7 (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--cases",
            defaultValue = "400",
            paramLabel = "N",
            description = "Generated cases per member (default: ${DEFAULT-VALUE}).")
    int casesPerMember;

    @Option(
            names = "--seed",
            defaultValue = "20261128",
            paramLabel = "N",
            description = "Seed of the generated data; the same seed gives the same data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description =
                    "Where to create the nodes' homes (default: a new temporary folder, removed afterwards unless --keep-running).")
    Path dir;

    @Option(
            names = "--base-port",
            defaultValue = "0",
            paramLabel = "PORT",
            description =
                    "First port: node i listens on PORT+10i (peer), +1 (national), +2 (admin). 0 (default) picks free ports.")
    int basePort;

    @Option(
            names = "--keep-running",
            description =
                    "Leave the network up after the story and print how to query it with the CLI; stop with Ctrl-C.")
    boolean keepRunning;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (nodes < 5 || nodes > DemoMember.ASEAN.size()) {
            throw new UserError("--nodes must be between 5 and " + DemoMember.ASEAN.size());
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean temporary = dir == null;
        Path root = temporary ? Files.createTempDirectory("jaring-demo-") : dir;
        List<DemoMember> members = DemoMember.ASEAN.subList(0, nodes);
        List<DemoNode> network = new ArrayList<>();
        NodeLogs logs = NodeLogs.redirectTo(root.resolve("logs"));
        try {
            out.printf("Jaring demo: %d sovereign nodes on 127.0.0.1, homes in %s%n", nodes, root);
            out.printf(
                    "Node logs (start-up lines, trust warnings, connection errors) go to %s, one file per node,"
                            + " not to this terminal%n%n",
                    logs.folder());
            out.println("[1/7] Each state initialises its node: national CA, node certificate, trust store");
            for (int i = 0; i < members.size(); i++) {
                DemoNode n = DemoNode.create(members.get(i), root, basePort == 0 ? 0 : basePort + 10 * i, logs);
                n.start();
                network.add(n);
                out.printf(
                        "      %-9s CA fingerprint %s%n",
                        n.id(),
                        Fingerprints.display(Fingerprints.sha256(PemFiles.readCertificates(n.home.caCertificate())
                                                .get(0)))
                                        .substring(0, 23)
                                + "...");
                out.flush();
            }
            out.println();
            out.println("[2/7] Admins exchange anchors and pin each other after comparing fingerprints out of band");
            int pins = exchangeTrust(network, root);
            out.printf("      %d trust decisions; every peer is in group 'asean'%n%n", pins);

            out.printf("[3/7] Each state loads its own cases through its national service (seed %d)%n", seed);
            DemoDataset data = DemoDataset.generate(members, casesPerMember, seed);
            long start = System.nanoTime();
            long total = 0;
            // States load at the same time, each into its own node: as in life, nothing waits for anyone else.
            ExecutorService loaders = Executors.newFixedThreadPool(network.size());
            List<Future<Long>> loads = new ArrayList<>();
            for (DemoNode n : network) {
                loads.add(loaders.submit(
                        () -> DemoLoader.load(n, data.casesByNode().get(n.id()))));
            }
            loaders.shutdown();
            for (int i = 0; i < network.size(); i++) {
                DemoNode n = network.get(i);
                long stored = loads.get(i).get();
                total += stored;
                out.printf(
                        "      %-9s %,6d cases  %,7d indicators%n",
                        n.id(), data.casesByNode().get(n.id()).size(), stored);
                out.flush();
            }
            out.printf(
                    "      %,d indicators of every type in %.1f s; nothing is copied between nodes%n%n",
                    total, (System.nanoTime() - start) / 1e9);

            ReadyWait.untilReady(network, out);
            out.println();

            DemoNode asker = network.get(0);
            out.printf(
                    "[4/7] An analyst at %s asks the region about the values in their case TH-2026-0042%n%n",
                    asker.id());
            List<FederatedLookupResponse> answers = new ArrayList<>();
            for (DemoDataset.Story story : data.stories()) {
                out.printf("  %s%n  expected: %s%n", story.title(), story.expectation());
                FederatedLookupResponse answer = ask(asker, story.value());
                answers.add(answer);
                FederatedResultsTable.print(answer, out);
                List<String> expectedFrom = story.keptAtHome()
                        ? story.holders().stream().filter(asker.id()::equals).toList()
                        : story.holders();
                List<String> forbiddenFrom = story.keptAtHome()
                        ? story.holders().stream()
                                .filter(h -> !h.equals(asker.id()))
                                .toList()
                        : List.of();
                List<String> unmet = Expectation.unmet(answer, asker.id(), expectedFrom, forbiddenFrom);
                for (String problem : unmet) {
                    out.printf("  NOT AS EXPECTED: %s%n", problem);
                }
                out.println();
            }
            DemoRequestStory.run(asker, network, answers, out);
            out.println();

            out.printf("[5/7] Asking without telling: the scam wallet again, blind (a peer learns the value only if it"
                    + " holds it)%n%n");
            BlindStory.run(
                    asker,
                    network,
                    DemoDataset.SCAM_WALLET,
                    data.stories().stream()
                            .filter(s -> s.value().equals(DemoDataset.SCAM_WALLET))
                            .flatMap(s -> s.holders().stream())
                            .toList(),
                    out);
            out.println();

            DemoNode victim = network.get(network.size() > 4 ? 4 : network.size() - 1);
            out.printf("[6/7] %s goes offline; the same question about the phishing domain%n%n", victim.id());
            victim.stop();
            FederatedResultsTable.print(ask(asker, DemoDataset.PHISHING_DOMAIN), out);
            out.println();

            out.printf(
                    "[7/7] Every state can see who asked about its indicators, and why (%s's own record)%n",
                    network.get(2).id());
            DisclosureReport.print(network.get(2), DemoDataset.PHISHING_DOMAIN, out);
            out.println();

            if (keepRunning) {
                victim.start();
                KeepRunning.printHowTo(network, root, temporary, logs, out);
                for (DemoNode n : network) {
                    n.awaitTermination();
                }
            } else {
                if (!temporary) {
                    logs.printWhere(network.stream().map(DemoNode::id).toList(), out);
                }
                out.println("Done. Run again with --keep-running to query the network yourself.");
            }
            out.flush();
            return 0;
        } finally {
            for (DemoNode n : network) {
                n.close();
            }
            logs.close();
            if (temporary && !keepRunning) {
                out.printf(
                        "Node logs were in %s, removed with the temporary folder; use --dir to keep them.%n",
                        logs.folder());
            }
            if (temporary && !keepRunning) {
                deleteTree(root);
            }
        }
    }

    /**
     * Every admin pins every other node with the same commands an admin types: the peer's admin runs
     * {@code jaring trust export}, this admin runs {@code jaring trust add FILE --fingerprint FP} with the
     * fingerprint read out over the phone (here: computed from the peer's CA certificate).
     */
    private static int exchangeTrust(List<DemoNode> network, Path root) throws Exception {
        Path anchors = Files.createDirectories(root.resolve("anchors"));
        for (DemoNode peer : network) {
            runCli(
                    "trust",
                    "export",
                    "--home",
                    peer.home.root().toString(),
                    "--endpoint",
                    peer.peerEndpoint(),
                    "-o",
                    anchors.resolve(peer.id() + ".yaml").toString());
        }
        int pins = 0;
        for (DemoNode admin : network) {
            for (DemoNode peer : network) {
                if (admin == peer) {
                    continue;
                }
                String fingerprint = Fingerprints.sha256(
                        PemFiles.readCertificates(peer.home.caCertificate()).get(0));
                runCli(
                        "trust",
                        "add",
                        anchors.resolve(peer.id() + ".yaml").toString(),
                        "--home",
                        admin.home.root().toString(),
                        "--admin",
                        "127.0.0.1:" + admin.adminPort(),
                        "--group",
                        "asean",
                        "--fingerprint",
                        fingerprint);
                pins++;
            }
        }
        return pins;
    }

    private static void runCli(String... args) {
        StringWriter output = new StringWriter();
        picocli.CommandLine cli = JaringCli.commandLine();
        cli.setOut(new PrintWriter(output));
        cli.setErr(new PrintWriter(output));
        int exit = cli.execute(args);
        if (exit != 0) {
            throw new IllegalStateException(
                    "'jaring " + String.join(" ", args) + "' failed (exit " + exit + "):\n" + output);
        }
    }

    static FederatedLookupResponse ask(DemoNode asker, String value) {
        return ask(asker, value, LookupMode.LOOKUP_MODE_PLAIN);
    }

    static FederatedLookupResponse ask(DemoNode asker, String value, LookupMode mode) {
        return asker.analyst()
                .lookupFederated(FederatedLookupRequest.newBuilder()
                        .addQueries(LookupQuery.newBuilder().setValue(value))
                        .setMode(mode)
                        .setPurpose(Purpose.newBuilder()
                                .setCaseReference("TH-2026-0042")
                                .setLegalBasis(LegalBasis.LEGAL_BASIS_POLICE_COOPERATION)
                                .setNote("fraud investigation, victim reports from Bangkok"))
                        // Far above what a member takes to answer, even on a busy laptop running all the nodes: a slow
                        // machine must not tell the story as timeouts. The member that goes offline refuses at once.
                        .setDeadlineMillis(30_000)
                        .build());
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the OS cleans up what is left
        }
    }
}
