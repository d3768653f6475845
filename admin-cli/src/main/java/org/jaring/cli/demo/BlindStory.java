package org.jaring.cli.demo;

import java.io.PrintWriter;
import java.util.List;
import org.jaring.cli.lookup.FederatedResultsTable;
import org.jaring.cli.output.Table;
import org.jaring.v1.Disclosure;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.ListDisclosuresRequest;
import org.jaring.v1.LookupMode;
import org.jaring.v1.LookupQuery;

/**
 * Asking without telling: one value asked blind, then what each other node's own record holds about that
 * question. The holders recorded the value (they hold it, and their tag matched); every other node recorded
 * nothing about it: it saw blinded points and tags, and counted evaluations (docs/blind-lookup.md).
 */
final class BlindStory {
    private BlindStory() {}

    static void run(DemoNode asker, List<DemoNode> network, String value, List<String> holders, PrintWriter out) {
        FederatedLookupResponse answer = DemoCommand.ask(asker, value, LookupMode.LOOKUP_MODE_BLIND);
        FederatedResultsTable.print(answer, out);
        out.printf("  What each node's own record holds about this question (request %s):%n", answer.getRequestId());
        Table t = new Table("NODE", "HOLDS THE VALUE", "ITS RECORD OF THE QUESTION")
                .keepWhole("ITS RECORD OF THE QUESTION");
        for (DemoNode node : network) {
            if (node == asker || !node.running()) {
                continue;
            }
            List<Disclosure> recorded = node
                    .analyst()
                    .listDisclosures(ListDisclosuresRequest.newBuilder()
                            .setValue(LookupQuery.newBuilder().setValue(value))
                            .build())
                    .getDisclosuresList()
                    .stream()
                    .filter(d -> d.getRequestId().equals(answer.getRequestId()))
                    .toList();
            t.row(
                    node.id(),
                    holders.contains(node.id()) ? "yes" : "no",
                    recorded.isEmpty()
                            ? "nothing: it saw blinded points and tags only"
                            : recorded.get(0).getValue() + ", asked by "
                                    + recorded.get(0).getAskingNode());
        }
        t.print(out);
    }
}
