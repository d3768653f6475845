package org.jaring.cli.demo;

import java.io.PrintWriter;
import java.util.List;

/** Tells the user how to talk to the running demo network with the CLI. */
final class KeepRunning {
    private KeepRunning() {}

    static void printHowTo(List<DemoNode> network, PrintWriter out) {
        DemoNode th = network.get(0);
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
        out.println("Stop with Ctrl-C.");
        out.flush();
    }
}
