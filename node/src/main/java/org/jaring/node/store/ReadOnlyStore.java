package org.jaring.node.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A node's data folder opened read-only, for offline checks of a stopped node (jaring audit verify --data): it
 * writes nothing (no ownership record, no WAL, no compaction), so inspecting a folder kept as evidence does not
 * change it. Refuses a folder that is not a store or that holds families this version does not know.
 */
public final class ReadOnlyStore implements AutoCloseable {
    private final RocksDB db;
    private final DBOptions options;
    private final List<ColumnFamilyHandle> opened;
    private final Map<ColumnFamily, ColumnFamilyHandle> handles = new EnumMap<>(ColumnFamily.class);

    private ReadOnlyStore(RocksDB db, DBOptions options, List<ColumnFamilyHandle> opened, List<byte[]> names) {
        this.db = db;
        this.options = options;
        this.opened = opened;
        for (int i = 0; i < names.size(); i++) {
            ColumnFamily cf = ColumnFamily.byStoredName(new String(names.get(i), StandardCharsets.UTF_8));
            if (cf != null) {
                handles.put(cf, opened.get(i));
            }
        }
    }

    public static ReadOnlyStore open(Path directory) {
        if (!Files.isRegularFile(directory.resolve("CURRENT"))) {
            throw new IllegalStateException(directory + " is not a node's data folder (no RocksDB CURRENT file in"
                    + " it): pass the folder named by data_dir in node.yaml");
        }
        List<byte[]> names;
        try (Options o = new Options()) {
            names = RocksDB.listColumnFamilies(o, directory.toString());
        } catch (RocksDBException e) {
            throw new IllegalStateException(
                    "cannot read the column families of " + directory + ": " + e.getMessage(), e);
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (byte[] name : names) {
            if (ColumnFamily.byStoredName(new String(name, StandardCharsets.UTF_8)) == null
                    && !new String(name, StandardCharsets.UTF_8).equals("default")) {
                throw new IllegalStateException("the store in " + directory + " has a column family '"
                        + new String(name, StandardCharsets.UTF_8)
                        + "' that this version does not know; check it with the Jaring version that wrote it");
            }
            descriptors.add(new ColumnFamilyDescriptor(name));
        }
        DBOptions options = new DBOptions();
        List<ColumnFamilyHandle> opened = new ArrayList<>();
        try {
            RocksDB db = RocksDB.openReadOnly(options, directory.toString(), descriptors, opened);
            return new ReadOnlyStore(db, options, opened, names);
        } catch (RocksDBException e) {
            options.close();
            throw new IllegalStateException("cannot open " + directory + " read-only: " + e.getMessage(), e);
        }
    }

    /** The value under {@code key}, or null (also when the family does not exist in this folder). */
    public byte[] get(ColumnFamily cf, byte[] key) {
        ColumnFamilyHandle h = handles.get(cf);
        if (h == null) {
            return null;
        }
        try {
            return db.get(h, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read " + cf.storedName() + ": " + e.getMessage(), e);
        }
    }

    /** Every entry of {@code cf} in key order until {@code visit} returns false. */
    public void forEach(ColumnFamily cf, BiPredicate<byte[], byte[]> visit) {
        ColumnFamilyHandle h = handles.get(cf);
        if (h == null) {
            return;
        }
        try (RocksIterator it = db.newIterator(h)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (!visit.test(it.key(), it.value())) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        opened.forEach(ColumnFamilyHandle::close);
        db.close();
        options.close();
    }
}
