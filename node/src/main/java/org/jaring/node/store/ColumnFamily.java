package org.jaring.node.store;

import java.nio.charset.StandardCharsets;

/**
 * The node's column families: a small fixed set, never one per peer or per case. Names are stored on disk,
 * so a name is never reused for other content; a new family is only ever added. docs/architecture.md
 * describes each key and value layout.
 */
public enum ColumnFamily {
    /** RocksDB's own default family, used for node metadata: schema version and the owning node ID. */
    META("default"),
    /** case_id -> Case. */
    CASES("cases"),
    /** case_handle -> case_id, to resolve the opaque handle that peers quote in follow-up requests. */
    CASE_HANDLES("case_handles"),
    /**
     * type byte | canonical value -> every local record of that value (length-delimited Indicator messages,
     * one per case). One point read answers one value; a batch is one multiGet.
     */
    INDICATORS("indicators"),
    /** case_id | 0x00 | type byte | canonical value -> empty: lists a case's indicators with one prefix scan. */
    CASE_INDICATORS("case_indicators"),
    /** valid_until millis (8 bytes, big-endian) | type byte | value | 0x00 | case_id -> empty: purge order. */
    EXPIRY("expiry"),
    /**
     * The record of lookups between nodes, stored twice for the two questions a state asks of it:
     * 'v' | type | value | 0x00 | inverted millis | request_id | query index -> Disclosure (who asked about
     * this value), and 'c' | case_id | 0x00 | inverted millis | request_id | query index -> Disclosure (who
     * asked about this case's indicators). Inverted time makes a forward scan newest first.
     */
    DISCLOSURES("disclosures");

    private final String storedName;

    ColumnFamily(String storedName) {
        this.storedName = storedName;
    }

    public String storedName() {
        return storedName;
    }

    public byte[] storedNameBytes() {
        return storedName.getBytes(StandardCharsets.UTF_8);
    }

    static ColumnFamily byStoredName(String name) {
        for (ColumnFamily cf : values()) {
            if (cf.storedName.equals(name)) {
                return cf;
            }
        }
        return null;
    }
}
