package org.jaring.cli.interop;

import java.util.ArrayList;
import java.util.List;

/** What a reader made of a file: the values to import, what it refused outright, and what it skipped. */
final class ParsedFile {
    final List<ImportItem> items = new ArrayList<>();
    final List<Refusal> refused = new ArrayList<>();
    /** Objects that are not indicators at all (reports, relationships, identities, ...): counted, not reported. */
    int skipped;

    void refuse(String position, String type, String value, String reason) {
        refused.add(new Refusal(position, type, value == null ? "" : value, reason));
    }
}
