package org.jaring.cli.interop;

/**
 * Where a reader puts what it reads, in file order: values to import, and items it refused outright. A CSV is
 * read straight into the import this way, so checking and uploading start with the first rows instead of after
 * the last one.
 */
interface ReadSink {
    void item(ImportItem item);

    void refuse(Refusal refusal);

    /** Objects that are not indicators at all (reports, relationships, identities, ...): counted, not reported. */
    default void skip() {}

    /** Content Jaring does not import (MISP galaxies, sightings, PAP tags), counted by kind for the summary. */
    default void ignore(String kind, int count) {}
}
