package org.jaring.cli.lookup;

import com.google.protobuf.util.Timestamps;
import java.util.List;
import org.jaring.cli.output.CodeNames;
import org.jaring.cli.output.Table;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.v1.Indicator;
import org.jaring.v1.LookupLocalResult;

/** One row per local record of each value looked up, and one "no record" row for values not held. */
public final class LocalResultsTable {
    private LocalResultsTable() {}

    public static Table of(List<LookupLocalResult> results) {
        return of(results, CodeNames.CODES);
    }

    /** The same, with offences and TLP named by {@code names}. */
    public static Table of(List<LookupLocalResult> results, CodeNames names) {
        Table table = new Table("VALUE", "TYPE", "CASE", "OFFENCE", "CONF", "TLP", "LAST SEEN");
        for (LookupLocalResult r : results) {
            String type = IndicatorTypeNames.name(r.getType());
            if (r.getIndicatorsCount() == 0) {
                table.row(r.getCanonicalValue(), type, "(no record)", "", "", "", "");
            }
            for (Indicator i : r.getIndicatorsList()) {
                table.row(
                        i.getValue(),
                        type,
                        i.getCaseId(),
                        names.offences(i.getOffencesList()),
                        i.getConfidence(),
                        i.hasHandling() ? names.tlp(i.getHandling().getTlp()) : "case",
                        i.hasLastSeen() ? Timestamps.toString(i.getLastSeen()).substring(0, 10) : "");
            }
        }
        return table;
    }
}
