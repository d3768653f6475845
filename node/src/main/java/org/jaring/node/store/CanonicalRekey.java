package org.jaring.node.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;
import org.jaring.core.failure.StorageException;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.core.indicator.InvalidIndicatorException;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Moves indicators stored under keys made by older canonical rules to the keys the current rules make
 * (docs/protocol.md 4.15), once, when a node starts on such a store. Why: a value stored under its old key is
 * never found by a lookup, which makes the new key; the old and the new spelling would be two indicators.
 *
 * <p>The store records the rules version of its keys under {@code canonical_rules} in the meta family; a store
 * without it was written by version 1. Each record whose key changes is put under the new key in its own case and
 * then withdrawn from the old one, through {@link IndicatorTable}, so the case listing, the expiry order and the
 * feed (peers receive a removal and an addition) stay in step. Interrupted, it is simply run again: a put that is
 * repeated replaces the same case's record. A value the new rules refuse is kept as it was and counted, so nothing
 * is lost; the operator can withdraw it.
 */
public final class CanonicalRekey {
    private static final Logger LOG = Logger.getLogger(CanonicalRekey.class.getName());
    static final byte[] RULES_KEY = "canonical_rules".getBytes(StandardCharsets.UTF_8);

    /** What a run did; {@code ran} is false when the store was already on the current rules. */
    public record Result(boolean ran, int fromVersion, long examined, long moved, long keptRefused) {}

    private record Move(CanonicalValue from, CanonicalValue to, List<Indicator> records) {}

    private CanonicalRekey() {}

    /** The rules version the store's keys were made with (1 when none is recorded). */
    public static int storedVersion(RocksStore store) {
        try {
            byte[] stored = store.get(ColumnFamily.META, RULES_KEY);
            return stored == null ? 1 : Integer.parseInt(new String(stored, StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw new StorageException("reading the canonical rules version", e);
        }
    }

    /**
     * Re-keys every stored value whose canonical form changed, then records the current version. Call before the
     * node serves: it takes the table's write path but expects no other writer.
     */
    public static Result run(RocksStore store, IndicatorTable indicators, Canonicalizer canonicalizer) {
        Objects.requireNonNull(canonicalizer, "canonicalizer");
        int version = storedVersion(store);
        if (version > Canonicalizer.RULES_VERSION) {
            throw new IllegalStateException("the store's keys were made by canonical rules version " + version
                    + "; this node applies version " + Canonicalizer.RULES_VERSION + ": upgrade Jaring");
        }
        if (version == Canonicalizer.RULES_VERSION) {
            return new Result(false, version, 0, 0, 0);
        }
        long examined = 0;
        long refused = 0;
        List<Move> moves = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.INDICATORS)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                examined++;
                IndicatorType type = IndicatorType.forNumber(key[0]);
                String value = new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
                if (type == null || type == IndicatorType.INDICATOR_TYPE_UNSPECIFIED) {
                    refused++;
                    continue;
                }
                CanonicalValue now;
                try {
                    now = canonicalizer.canonicalize(type, value);
                } catch (InvalidIndicatorException e) {
                    refused++;
                    LOG.warning(() -> "re-key: kept " + IndicatorType.forNumber(key[0]) + " value '" + value
                            + "' under its old key; the current rules refuse it: " + e.getMessage());
                    continue;
                }
                if (now.type() != type || !now.value().equals(value)) {
                    moves.add(new Move(new CanonicalValue(type, value), now, IndicatorRecords.decode(it.value())));
                }
            }
        }
        long moved = 0;
        for (Move move : moves) {
            for (Indicator record : move.records()) {
                Indicator rekeyed = record.toBuilder()
                        .setType(move.to().type())
                        .setValue(move.to().value())
                        .build();
                indicators.put(record.getCaseId(), List.of(rekeyed));
                indicators.withdraw(record.getCaseId(), move.from());
                moved++;
            }
        }
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(
                    store.handle(ColumnFamily.META),
                    RULES_KEY,
                    Integer.toString(Canonicalizer.RULES_VERSION).getBytes(StandardCharsets.UTF_8));
            store.writeSynced(batch);
        } catch (RocksDBException e) {
            throw new StorageException("recording the canonical rules version", e);
        }
        Result result = new Result(true, version, examined, moved, refused);
        LOG.info(() -> "re-keyed the store from canonical rules version " + version + " to "
                + Canonicalizer.RULES_VERSION + ": " + result.examined() + " values examined, " + result.moved()
                + " records moved to new keys, " + result.keptRefused() + " kept under old keys (refused now)");
        return result;
    }
}
