package org.jaring.cli.lookup;

import com.google.protobuf.util.Timestamps;
import java.util.List;
import java.util.stream.Collectors;
import org.jaring.cli.output.Table;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.core.vocab.OffenceCodes;
import org.jaring.core.vocab.TlpNames;
import org.jaring.v1.Indicator;
import org.jaring.v1.LookupLocalResult;

/** One row per local record of each value looked up, and one "no record" row for values not held. */
public final class LocalResultsTable {
    private LocalResultsTable() {}

    public static Table of(List<LookupLocalResult> results) {
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
                        offences(i),
                        i.getConfidence(),
                        i.hasHandling() ? TlpNames.label(i.getHandling().getTlp()) : "case",
                        i.hasLastSeen() ? Timestamps.toString(i.getLastSeen()).substring(0, 10) : "");
            }
        }
        return table;
    }

    static String offences(Indicator i) {
        return i.getOffencesList().stream().map(OffenceCodes::code).collect(Collectors.joining(","));
    }
}
