package org.jaring.cli.demo;

import com.google.protobuf.util.Timestamps;
import java.io.PrintWriter;
import org.jaring.cli.output.Table;
import org.jaring.core.vocab.LegalBases;
import org.jaring.v1.Disclosure;
import org.jaring.v1.ListDisclosuresRequest;
import org.jaring.v1.LookupQuery;

/** Prints "who asked about this value" from the holder's own record. */
final class DisclosureReport {
    private DisclosureReport() {}

    static void print(DemoNode holder, String value, PrintWriter out) {
        Table t = new Table(
                "WHEN", "ASKED BY", "ANALYST", "THEIR CASE", "LEGAL BASIS", "VALUE", "MATCHED CASES", "DISCLOSED");
        for (Disclosure d : holder.analyst()
                .listDisclosures(ListDisclosuresRequest.newBuilder()
                        .setValue(LookupQuery.newBuilder().setValue(value))
                        .build())
                .getDisclosuresList()) {
            t.row(
                    Timestamps.toString(d.getAskedAt()).substring(0, 19),
                    d.getAskingNode(),
                    d.getPurpose().getAnalyst(),
                    d.getPurpose().getCaseReference(),
                    LegalBases.name(d.getPurpose().getLegalBasis()),
                    d.getValue(),
                    String.join(",", d.getMatchedCasesList()),
                    d.getDisclosedHits());
        }
        t.print(out);
    }
}
