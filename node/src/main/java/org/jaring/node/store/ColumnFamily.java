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
    DISCLOSURES("disclosures"),
    /**
     * The feed: sequence (8 bytes, big-endian) -> case_id | 0x00 | type byte | value, one entry per change to
     * an indicator (added, updated, withdrawn, expired, or its case's handling changed). The entry names the
     * indicator only; what a peer receives is decided when the feed is read, from the current record and the
     * current policy, so a narrowed audience or a withdrawal becomes a removal for that peer.
     */
    FEED("feed"),
    /**
     * Items peers shared with this node through feed sync: origin node | 0x00 | item_id -> Hit. Never passed on.
     */
    PEER_CACHE("peer_cache"),
    /** type byte | value | 0x00 | origin node | 0x00 | item_id -> empty: synced items by value. */
    PEER_CACHE_INDEX("peer_cache_index"),
    /**
     * Correlation alerts: 'a' | alert_id (8 bytes) -> Alert; 'k' | case_id | 0x00 | other node | 0x00 |
     * other case | 0x00 | type | value -> alert_id, so the same match raises one alert only.
     */
    ALERTS("alerts"),
    /**
     * Sightings received of this node's values: 'i' | sighting_id -> empty (each counted once);
     * 's' | type | value | 0x00 | reporting node -> SightingSummary.
     */
    SIGHTINGS("sightings"),
    /** Messages waiting for an unreachable peer: sequence (8 bytes) -> destination | 0x00 | Sighting bytes. */
    OUTBOX("outbox"),
    /** The hash-chained audit log: sequence (8 bytes, big-endian) -> SealedAuditRecord (docs/audit.md). */
    AUDIT("audit"),
    /** Cooperation requests, sent and received: request_id -> RequestRecord (the envelope and its signed chain). */
    REQUESTS("requests"),
    /** Requests and transitions waiting for an unreachable peer: sequence (8 bytes) -> destination | 0x00 | kind (R: DeliverRequestRequest, T: Transition) | bytes. */
    REQUEST_OUTBOX("request_outbox"),
    /**
     * Synced items that carry a valid_until: valid_until millis (8 bytes, big-endian) | origin node | 0x00 |
     * item_id -> empty. Purging reads only what has expired, not the whole peer cache.
     */
    PEER_CACHE_EXPIRY("peer_cache_expiry"),
    /**
     * What each peer was ever given through the feed: peer node | 0x00 | item_id -> the sequence of the change
     * at which it was last sent the item as a hit, and of the change at which it was sent its removal after
     * that (0 while it holds the item), 8 bytes each.
     * A removal goes only to a peer that was given the item ({@link FeedGiven}).
     */
    FEED_GIVEN("feed_given"),
    /**
     * The latest feed entry of each indicator: case_id | 0x00 | type byte | value -> sequence (8 bytes), written
     * with the entry. The feed sends an item only at its latest change, so the number of changes an item had
     * while a peer could not see it does not show.
     */
    FEED_LATEST("feed_latest"),
    /**
     * The blind lookup tag index (docs/blind-lookup.md, "The tag index"), derived state rebuilt from INDICATORS when
     * lost ({@link BlindTagTable}). Every key starts with the key epoch (8 bytes, big-endian), so an epoch is dropped
     * with one range delete: epoch | 0x00 -> the epoch's build record (complete or not, built up to which feed
     * sequence, where a partial scan resumes, made with which key); epoch | 0x01 | tag (first 16 bytes) -> type byte
     * | canonical value; epoch | 0x02 | type byte | canonical value -> tag (16 bytes), so a change drops a value's tag
     * without a VOPRF evaluation.
     */
    BLIND_TAGS("blind_tags");

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
