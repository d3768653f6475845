package org.jaring.cli.interop;

import java.util.ArrayList;
import java.util.List;

/**
 * What a JSON reader (STIX, MISP) made of a file, which it holds in memory anyway: the values to import, what it
 * refused outright, and what it skipped.
 */
final class ParsedFile implements ReadSink {
    final List<ImportItem> items = new ArrayList<>();
    final List<Refusal> refused = new ArrayList<>();
    /** Objects that are not indicators at all (reports, relationships, identities, ...): counted, not reported. */
    int skipped;

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

    /** Hands everything to {@code sink}: the refusals first, as the import always reported them. */
    void replay(ReadSink sink) {
        refused.forEach(sink::refuse);
        for (int i = 0; i < skipped; i++) {
            sink.skip();
        }
        items.forEach(sink::item);
    }
}
