package org.jaring.cli.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a JSON reader (STIX, MISP) made of a file, which it holds in memory anyway: the values to import, what it
 * refused outright, and what it skipped.
 */
final class ParsedFile implements ReadSink {
    final List<ImportItem> items = new ArrayList<>();
    final List<Refusal> refused = new ArrayList<>();
    /** Objects that are not indicators at all (reports, relationships, identities, ...): counted, not reported. */
    int skipped;
    /** Content that is not imported, by kind (MISP galaxies, sightings, PAP tags): counted in the summary. */
    final Map<String, Integer> ignored = new TreeMap<>();

    void refuse(String position, String type, String value, String reason) {
        refused.add(new Refusal(position, type, value == null ? "" : value, reason));
    }

    @Override
    public void item(ImportItem item) {
        items.add(item);
    }

    @Override
    public void refuse(Refusal refusal) {
        refused.add(refusal);
    }

    @Override
    public void skip() {
        skipped++;
    }

    @Override
    public void ignore(String kind, int count) {
        if (count > 0) {
            ignored.merge(kind, count, Integer::sum);
        }
    }

    /** Hands everything to {@code sink}: the refusals first, as the import always reported them. */
    void replay(ReadSink sink) {
        refused.forEach(sink::refuse);
        for (int i = 0; i < skipped; i++) {
            sink.skip();
        }
        ignored.forEach(sink::ignore);
        items.forEach(sink::item);
    }
}
