package org.jaring.node.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jaring.core.failure.StorageException;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Indicators by (type, canonical value), with the per-case listing and the expiry order kept in step in the
 * same WriteBatch. Values arriving here are already canonical and validated.
 *
 * <p>Writes read-modify-write the record list of each key, so they are serialised by one lock: a lost update
 * would silently drop an acknowledged indicator. Readers take no lock; RocksDB gives them a consistent view
 * of each key. {@link #putAsync} holds the lock only while it reads and applies its batch, and waits for the
 * fsync outside it, in a group commit with every other writer ({@link RocksStore#writeThenSync}); the rarer
 * writes (withdrawal, purge, case changes) hold it across one synced write.
 */
public final class IndicatorTable {
    /**
     * At most this many other cases' live records are decoded for each value written ({@link PendingPut}): a
     * value held by more is over-correlating, and correlation needs no more to know that.
     */
    public static final int OTHER_CASES_KEPT = 20;

    private final RocksStore store;
    private final FeedLog feed;
    private final ReentrantLock writeLock = new ReentrantLock();

    public IndicatorTable(RocksStore store, FeedLog feed) {
        this.store = store;
        this.feed = feed;
    }

    /** For tools and tests that do not read the feed. */
    public IndicatorTable(RocksStore store) {
        this(store, new FeedLog(store));
    }

    public FeedLog feed() {
        return feed;
    }

    /** What a batch write changed. */
    public record PutResult(int stored, int created) {}

    /**
     * Stores every indicator of {@code caseId} in one synced batch. Each indicator replaces the record of the
     * same (type, value) in the same case; records of other cases under the same value stay.
     */
    public PutResult put(String caseId, List<Indicator> indicators) {
        PendingPut pending = putAsync(caseId, indicators, Instant.now());
        RocksStore.awaitDurable(pending.durable());
        return pending.result();
    }

    /**
     * A batch that readers already see, and the moment it is on disk: acknowledge it only then. With it, what
     * the write read anyway: for each indicator applied (duplicates in the batch collapsed, last wins), the
     * live records other cases hold under the same value, which is what local correlation needs; at most
     * {@link #OTHER_CASES_KEPT} of them. {@code renewed} marks the indicators that replaced a live record of
     * the same case: every match they make was already considered when the later of the two records arrived.
     */
    public record PendingPut(
            PutResult result,
            List<Indicator> applied,
            List<List<Indicator>> otherCases,
            BitSet renewed,
            CompletableFuture<Void> durable) {}

    /**
     * As {@link #put}, but returns as soon as the batch is applied, so the caller can prepare its next batch
     * while this one's fsync runs. Batches applied one after another by one caller are applied in that order.
     */
    public PendingPut putAsync(String caseId, List<Indicator> indicators, Instant now) {
        Map<String, Indicator> lastWins = new LinkedHashMap<>();
        for (Indicator i : indicators) {
            lastWins.put(i.getTypeValue() + "\u0000" + i.getValue(), i);
        }
        List<Indicator> unique = new ArrayList<>(lastWins.values());
        List<byte[]> keys = new ArrayList<>(unique.size());
        for (Indicator i : unique) {
            keys.add(Keys.indicator(i.getType(), i.getValue()));
        }
        ColumnFamilyHandle indicatorsCf = store.handle(ColumnFamily.INDICATORS);
        CompletableFuture<Void> synced;
        long lastSequence;
        int created = 0;
        List<List<Indicator>> otherCases = new ArrayList<>(unique.size());
        BitSet renewed = new BitSet();
        long nowMillis = now.toEpochMilli();
        writeLock.lock();
        try (WriteBatch batch = new WriteBatch()) {
            List<byte[]> existing = multiGet(indicatorsCf, keys);
            for (int n = 0; n < unique.size(); n++) {
                Indicator incoming = unique.get(n);
                IndicatorRecords.Write write =
                        IndicatorRecords.write(existing.get(n), caseId, incoming, nowMillis, OTHER_CASES_KEPT);
                Indicator previous = write.previous();
                otherCases.add(write.otherLive());
                if (previous == null) {
                    created++;
                } else {
                    if (previous.hasValidUntil()) {
                        batch.delete(store.handle(ColumnFamily.EXPIRY), expiryKey(previous));
                    }
                    if (!isExpired(previous, nowMillis)) {
                        renewed.set(n);
                    }
                }
                batch.put(indicatorsCf, keys.get(n), write.value());
                batch.put(
                        store.handle(ColumnFamily.CASE_INDICATORS),
                        Keys.caseIndicator(caseId, incoming.getType(), incoming.getValue()),
                        new byte[0]);
                if (incoming.hasValidUntil()) {
                    batch.put(store.handle(ColumnFamily.EXPIRY), expiryKey(incoming), new byte[0]);
                }
                feed.append(batch, caseId, incoming.getType(), incoming.getValue());
            }
            synced = store.writeThenSync(batch);
            lastSequence = feed.appended();
        } catch (RocksDBException e) {
            throw new StorageException("writing " + unique.size() + " indicators of case " + caseId, e);
        } finally {
            writeLock.unlock();
        }
        CompletableFuture<Void> durable = synced.thenRun(() -> feed.markDurable(lastSequence));
        return new PendingPut(new PutResult(unique.size(), created), unique, otherCases, renewed, durable);
    }

    /** For each value, in order, every live record (valid_until unset or after {@code now}). */
    public List<List<Indicator>> lookup(List<CanonicalValue> values, Instant now) {
        List<byte[]> found = stored(values);
        long nowMillis = now.toEpochMilli();
        List<List<Indicator>> results = new ArrayList<>(values.size());
        for (byte[] bytes : found) {
            if (bytes == null) {
                results.add(List.of());
                continue;
            }
            List<Indicator> live = IndicatorRecords.decode(bytes);
            live.removeIf(i -> isExpired(i, nowMillis));
            results.add(live);
        }
        return results;
    }

    /** As {@link #lookup}, each record as the bytes it is stored as (an Indicator message), not decoded. */
    public List<List<ByteString>> lookupStored(List<CanonicalValue> values, Instant now) {
        List<byte[]> found = stored(values);
        long nowMillis = now.toEpochMilli();
        List<List<ByteString>> results = new ArrayList<>(values.size());
        for (byte[] bytes : found) {
            results.add(IndicatorRecords.liveRecords(bytes, nowMillis)); // none where nothing is stored
        }
        return results;
    }

    /** The stored value (every case's record) of each value, in order; null where none is stored. */
    private List<byte[]> stored(List<CanonicalValue> values) {
        List<byte[]> keys = new ArrayList<>(values.size());
        for (CanonicalValue v : values) {
            keys.add(Keys.indicator(v.type(), v.value()));
        }
        try {
            return multiGet(store.handle(ColumnFamily.INDICATORS), keys);
        } catch (RocksDBException e) {
            throw new StorageException("looking up " + values.size() + " values", e);
        }
    }

    /** Removes the record of {@code value} in {@code caseId}; false if there was none. */
    public boolean withdraw(String caseId, CanonicalValue value) {
        byte[] key = Keys.indicator(value.type(), value.value());
        writeLock.lock();
        try (WriteBatch batch = new WriteBatch()) {
            List<Indicator> records = IndicatorRecords.decode(store.get(ColumnFamily.INDICATORS, key));
            Indicator previous = removeCase(records, caseId);
            if (previous == null) {
                return false;
            }
            removeRecord(batch, key, records, previous);
            feed.append(batch, caseId, value.type(), value.value());
            store.writeSynced(batch);
            feed.markDurable(feed.appended());
            return true;
        } catch (RocksDBException e) {
            throw new StorageException("withdrawing an indicator of case " + caseId, e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Records in the feed that every indicator of a case changed, because something they inherit from the
     * case (default handling, offences) did. Peers then receive each again, or a removal.
     */
    public void touchCase(String caseId) {
        byte[] prefix = Keys.caseIndicatorPrefix(caseId);
        writeLock.lock();
        try (WriteBatch batch = new WriteBatch();
                StoreIterator it = store.newIterator(ColumnFamily.CASE_INDICATORS)) {
            int n = 0;
            for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
                byte[] iv = Keys.indicatorPartOfCaseKey(it.key(), prefix.length);
                feed.append(
                        batch,
                        caseId,
                        IndicatorType.forNumber(iv[0]),
                        new String(iv, 1, iv.length - 1, StandardCharsets.UTF_8));
                n++;
            }
            if (n > 0) {
                store.writeSynced(batch);
                feed.markDurable(feed.appended());
            }
        } catch (RocksDBException e) {
            throw new StorageException("recording the change of case " + caseId, e);
        } finally {
            writeLock.unlock();
        }
    }

    /** The live record of one value in one case, or null. */
    public Indicator find(String caseId, CanonicalValue value, Instant now) {
        for (Indicator i : lookup(List.of(value), now).get(0)) {
            if (i.getCaseId().equals(caseId)) {
                return i;
            }
        }
        return null;
    }

    /** Every live indicator of a case, in (type, value) order. */
    public List<Indicator> listCase(String caseId, Instant now) {
        byte[] prefix = Keys.caseIndicatorPrefix(caseId);
        List<byte[]> indicatorKeys = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.CASE_INDICATORS)) {
            for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
                indicatorKeys.add(Keys.indicatorPartOfCaseKey(it.key(), prefix.length));
            }
        }
        List<Indicator> out = new ArrayList<>(indicatorKeys.size());
        long nowMillis = now.toEpochMilli();
        try {
            for (byte[] bytes : multiGet(store.handle(ColumnFamily.INDICATORS), indicatorKeys)) {
                for (Indicator i : IndicatorRecords.decode(bytes)) {
                    if (i.getCaseId().equals(caseId) && !isExpired(i, nowMillis)) {
                        out.add(i);
                    }
                }
            }
        } catch (RocksDBException e) {
            throw new StorageException("listing case " + caseId, e);
        }
        return out;
    }

    /**
     * Calls {@code each} with every live record of every value, in key order (type, then canonical value),
     * reading one consistent iterator view; takes no lock. For exports, not for the lookup path.
     */
    public void scan(Instant now, Consumer<Indicator> each) {
        long nowMillis = now.toEpochMilli();
        try (StoreIterator it = store.newIterator(ColumnFamily.INDICATORS)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                for (Indicator i : IndicatorRecords.decode(it.value())) {
                    if (!isExpired(i, nowMillis)) {
                        each.accept(i);
                    }
                }
            }
        }
    }

    /** One stored value: its INDICATORS key (type byte | canonical value), the value, and its live records. */
    public record StoredValue(byte[] key, CanonicalValue value, List<Indicator> live) {}

    /**
     * Up to {@code max} stored values with a key after {@code after} (from the first when it is empty), in key order;
     * takes no lock. A build that walks the store in pages resumes from the last key it finished.
     */
    public List<StoredValue> page(byte[] after, int max, Instant now) {
        long nowMillis = now.toEpochMilli();
        List<StoredValue> out = new ArrayList<>(Math.min(max, 4096));
        try (StoreIterator it = store.newIterator(ColumnFamily.INDICATORS)) {
            if (after.length == 0) {
                it.seekToFirst();
            } else {
                it.seek(after);
                if (it.isValid() && Arrays.equals(it.key(), after)) {
                    it.next();
                }
            }
            for (; it.isValid() && out.size() < max; it.next()) {
                byte[] key = it.key();
                List<Indicator> live = IndicatorRecords.decode(it.value());
                live.removeIf(i -> isExpired(i, nowMillis));
                IndicatorType type = IndicatorType.forNumber(key[0]);
                if (type == null) {
                    continue; // a type this version does not know: nothing it could answer either
                }
                out.add(new StoredValue(
                        key,
                        new CanonicalValue(type, new String(key, 1, key.length - 1, StandardCharsets.UTF_8)),
                        live));
            }
        }
        return out;
    }

    /**
     * Deletes records whose valid_until has passed, oldest first, at most {@code limit} per call so the
     * write lock is never held for long. Returns how many were purged.
     */
    public int purgeExpired(Instant now, int limit) {
        long nowMillis = now.toEpochMilli();
        List<byte[]> due = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.EXPIRY)) {
            for (it.seekToFirst(); it.isValid() && due.size() < limit; it.next()) {
                if (Keys.expiryMillis(it.key()) > nowMillis) {
                    break;
                }
                due.add(it.key());
            }
        }
        if (due.isEmpty()) {
            return 0;
        }
        int purged = 0;
        writeLock.lock();
        try (WriteBatch batch = new WriteBatch()) {
            // Several expiry keys may touch one value; keep the batch's view of each record list current.
            Map<String, List<Indicator>> pending = new LinkedHashMap<>();
            Map<String, byte[]> pendingKeys = new LinkedHashMap<>();
            for (byte[] expiryKey : due) {
                batch.delete(store.handle(ColumnFamily.EXPIRY), expiryKey);
                byte[] indicatorKey = indicatorKeyOfExpiry(expiryKey);
                String mapKey = Base64.getEncoder().encodeToString(indicatorKey);
                List<Indicator> records = pending.get(mapKey);
                if (records == null) {
                    records = IndicatorRecords.decode(store.get(ColumnFamily.INDICATORS, indicatorKey));
                    pending.put(mapKey, records);
                    pendingKeys.put(mapKey, indicatorKey);
                }
                String caseId = caseIdOfExpiry(expiryKey, indicatorKey.length);
                for (Indicator i : List.copyOf(records)) {
                    if (i.getCaseId().equals(caseId) && isExpired(i, nowMillis)) {
                        records.remove(i);
                        batch.delete(
                                store.handle(ColumnFamily.CASE_INDICATORS),
                                Keys.caseIndicator(caseId, i.getType(), i.getValue()));
                        feed.append(batch, caseId, i.getType(), i.getValue());
                        purged++;
                    }
                }
            }
            for (Map.Entry<String, List<Indicator>> e : pending.entrySet()) {
                byte[] key = pendingKeys.get(e.getKey());
                if (e.getValue().isEmpty()) {
                    batch.delete(store.handle(ColumnFamily.INDICATORS), key);
                } else {
                    batch.put(store.handle(ColumnFamily.INDICATORS), key, IndicatorRecords.encode(e.getValue()));
                }
            }
            store.writeSynced(batch);
            feed.markDurable(feed.appended());
            return purged;
        } catch (RocksDBException e) {
            throw new StorageException("purging expired indicators", e);
        } finally {
            writeLock.unlock();
        }
    }

    private void removeRecord(WriteBatch batch, byte[] key, List<Indicator> remaining, Indicator removed)
            throws RocksDBException {
        if (remaining.isEmpty()) {
            batch.delete(store.handle(ColumnFamily.INDICATORS), key);
        } else {
            batch.put(store.handle(ColumnFamily.INDICATORS), key, IndicatorRecords.encode(remaining));
        }
        batch.delete(
                store.handle(ColumnFamily.CASE_INDICATORS),
                Keys.caseIndicator(removed.getCaseId(), removed.getType(), removed.getValue()));
        if (removed.hasValidUntil()) {
            batch.delete(store.handle(ColumnFamily.EXPIRY), expiryKey(removed));
        }
    }

    private List<byte[]> multiGet(ColumnFamilyHandle cf, List<byte[]> keys) throws RocksDBException {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<ColumnFamilyHandle> cfs = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            cfs.add(cf);
        }
        return store.multiGet(cfs, keys);
    }

    private static Indicator removeCase(List<Indicator> records, String caseId) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).getCaseId().equals(caseId)) {
                return records.remove(i);
            }
        }
        return null;
    }

    private static boolean isExpired(Indicator i, long nowMillis) {
        return i.hasValidUntil() && Timestamps.toMillis(i.getValidUntil()) <= nowMillis;
    }

    private static byte[] expiryKey(Indicator i) {
        return Keys.expiry(Timestamps.toMillis(i.getValidUntil()), i.getType(), i.getValue(), i.getCaseId());
    }

    private static byte[] indicatorKeyOfExpiry(byte[] expiryKey) {
        int end = 9;
        while (expiryKey[end] != 0) {
            end++;
        }
        byte[] key = new byte[end - 8];
        System.arraycopy(expiryKey, 8, key, 0, key.length);
        return key;
    }

    private static String caseIdOfExpiry(byte[] expiryKey, int indicatorKeyLength) {
        int start = 8 + indicatorKeyLength + 1;
        return new String(expiryKey, start, expiryKey.length - start, StandardCharsets.UTF_8);
    }
}
