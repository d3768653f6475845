package org.jaring.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Tells the user how to talk to the running demo network with the CLI. */
final class KeepRunning {
    private KeepRunning() {}

    static void printHowTo(List<DemoNode> network, Path root, boolean temporary, NodeLogs logs, PrintWriter out) {
        DemoNode th = network.get(0);
        out.printf(
                "The demo's folder is %s (%s, %s)%n",
                root,
                sizeInWords(root),
                temporary ? "a temporary folder: delete it yourself when done, it is not removed" : "yours to keep");
        logs.printWhere(network.stream().map(DemoNode::id).toList(), out);
        out.println("The network is up. Each node's home (config, keys, trust store, data) is a folder:");
        for (DemoNode n : network) {
            out.printf(
                    "  %-9s %s  (national 127.0.0.1:%d, admin 127.0.0.1:%d)%n",
                    n.id(), n.home.root(), n.nationalPort(), n.adminPort());
        }
        out.println();
        out.println("Try, as Thailand's analyst and admin:");
        String home = "--home " + th.home.root();
        String national = " --national 127.0.0.1:" + th.nationalPort();
        String admin = " --admin 127.0.0.1:" + th.adminPort();
        out.println("  java -jar admin-cli/target/jaring.jar lookup " + home + national
                + " --cert " + th.home.clientCertificate("analyst") + " --key " + th.home.clientKey("analyst")
                + " --case-ref TH-2026-0042 --legal-basis police-cooperation asean-parcel-redelivery.com");
        out.println("  java -jar admin-cli/target/jaring.jar peers status " + home + admin);
        out.println("  java -jar admin-cli/target/jaring.jar trust list " + home + admin);
        out.println("The analyst's console for Thailand (one-time link, open it in a browser): "
                + thaiConsole(th, national).loginUrl());
        out.println("Stop with Ctrl-C.");
        out.flush();
    }

    /** {@code jaring console} for Thailand's analyst, in this process: it stops with the demo. */
    private static org.jaring.cli.console.ConsoleServer thaiConsole(DemoNode th, String national) {
        var command = new org.jaring.cli.console.ConsoleCommand();
        new picocli.CommandLine(command)
                .parseArgs(
                        "--home",
                        th.home.root().toString(),
                        "--national",
                        national.substring(" --national ".length()),
                        "--cert",
                        th.home.clientCertificate("analyst").toString(),
                        "--key",
                        th.home.clientKey("analyst").toString(),
                        "--lang",
                        "th");
        return command.start();
    }

    static String sizeInWords(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            long bytes = paths.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        } catch (IOException | UncheckedIOException e) {
            return "size unknown";
        }
    }
}
